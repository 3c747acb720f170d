"""Model files: a JSON header (format and scikit-learn versions) read before anything is unpickled.

Model files are trusted artefacts written by ``florwork profile train`` only: the payload is a pickle,
and unpickling a file from elsewhere can run arbitrary code. The header check refuses a mismatching
version before the pickle is touched, but it is not a defence against a crafted file.
"""

from __future__ import annotations

import io
import json
import pickle
from pathlib import Path
from typing import BinaryIO

import sklearn

from .errors import ProfileError
from .model import Feature
from .train import TrainedProfile

FORMAT_VERSION = 1
MAGIC = b"FLORWORK-PROFILE-MODEL\n"


def save(profile: TrainedProfile, path: str | Path) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(dumps(profile))


def dumps(profile: TrainedProfile) -> bytes:
    """The model file's bytes (the app keeps them in its database)."""
    header = {"format_version": FORMAT_VERSION, "sklearn_version": sklearn.__version__, "model": profile.model}
    payload = {
        **header,
        "pipeline": profile.pipeline, "baseline": profile.baseline, "recalibration": profile.recalibration,
        "reference": profile.reference, "features": [(f.name, f.kind) for f in profile.schema], "card": profile.card,
    }
    stream = io.BytesIO()
    stream.write(MAGIC)
    stream.write(json.dumps(header).encode() + b"\n")
    pickle.dump(payload, stream, protocol=5)
    return stream.getvalue()


def load(path: str | Path) -> TrainedProfile:
    try:
        with Path(path).open("rb") as stream:
            return _read(stream, path)
    except OSError as problem:
        raise ProfileError(f"{path}: cannot read the model file ({problem.strerror})") from problem


def loads(data: bytes, source: str = "model") -> TrainedProfile:
    """A model from the bytes ``dumps`` wrote; ``source`` names it in error messages."""
    return _read(io.BytesIO(bytes(data)), source)


def _read(stream: BinaryIO, path: str | Path) -> TrainedProfile:
    try:
        if stream.readline() != MAGIC:
            raise ProfileError(f"{path}: not a Florwork profile model file")
        _check(json.loads(stream.readline()), path)
        payload = pickle.load(stream)  # noqa: S301 - trusted artefact, see the module docstring
    except (ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as problem:
        if isinstance(problem, ProfileError):
            raise
        raise ProfileError(f"{path}: damaged model file ({type(problem).__name__})") from problem
    _check(payload, path)
    return TrainedProfile(schema=[Feature(name, kind) for name, kind in payload["features"]],
                          model=payload["model"], pipeline=payload["pipeline"], baseline=payload["baseline"],
                          recalibration=payload["recalibration"], reference=payload["reference"],
                          card=payload["card"])


def _check(header: object, path: str | Path) -> None:
    if not isinstance(header, dict):
        raise ProfileError(f"{path}: damaged model file (no version header)")
    if header.get("format_version") != FORMAT_VERSION:
        raise ProfileError(f"{path}: model file format {header.get('format_version')!r}, this Florwork reads "
                           f"format {FORMAT_VERSION}: retrain it with 'florwork profile train'")
    if header.get("sklearn_version") != sklearn.__version__:
        raise ProfileError(f"{path}: model trained with scikit-learn {header.get('sklearn_version')}, this "
                           f"installation has {sklearn.__version__}: retrain it with 'florwork profile train'")
