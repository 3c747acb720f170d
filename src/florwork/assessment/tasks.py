"""Background jobs of assessment. Tasks take ids, load, and call one service."""

from django_tasks import task


@task()
def train_profile(training_id: int) -> str:
    """Train the statistical profile a programme manager asked for (seconds to minutes)."""
    from florwork.assessment.profile_services import training_run

    return training_run(training_id=training_id).status
