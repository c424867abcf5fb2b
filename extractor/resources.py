"""Where the shipped data files live, in a checkout and in an installed wheel."""
from pathlib import Path

_PKG = Path(__file__).resolve().parent


def rules_path(name: str = "") -> Path:
    for base in (_PKG / "rules", _PKG.parent / "rules"):
        if base.is_dir():
            return base / name
    raise FileNotFoundError("vnie rules/ directory not found next to the package")


def schemas_path(name: str = "") -> Path:
    for base in (_PKG / "schemas", _PKG.parent / "schemas"):
        if base.is_dir():
            return base / name
    raise FileNotFoundError("vnie schemas/ directory not found next to the package")


def load_yaml(name: str):
    """A rules file, parsed; cached by the callers that need it more than once."""
    import yaml

    with rules_path(name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)
