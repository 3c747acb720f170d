from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Italian first: the logged-in user's own language, else the language switch's cookie, else Italian.

    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language: the hub is an Italian
    public service and English is a choice the user makes, once, with the switch.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = self._language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        # the API may switch to an API token owner's language once it knows them (florwork.apicore)
        response.headers.setdefault("Content-Language", getattr(request, "LANGUAGE_CODE", language))
        return response

    def _language_for(self, request) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in self.supported:
            return user.language
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        return cookie if cookie in self.supported else settings.LANGUAGE_CODE
