"""A minimal INI reader: sections of key = value pairs."""


class ConfigError(ValueError):
    pass


def parse(text):
    """Parse INI text into {section: {key: value}}.

    Keys that appear before any section header go into the "" section.
    Lines starting with ';' or '#' are comments.
    """
    config = {"": {}}
    section = ""
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line[0] in ";#":
            continue
        if line.startswith("["):
            if not line.endswith("]"):
                raise ConfigError(f"line {lineno}: unterminated section header")
            section = line[1:-1].strip().lower()
            config.setdefault(section, {})
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise ConfigError(f"line {lineno}: expected key = value")
        key = key.strip().lower()
        if not key:
            raise ConfigError(f"line {lineno}: empty key")
        config[section][key] = value.strip()
    return config


def merge(*configs):
    """Merge configs left to right; later values win."""
    result = {}
    for config in configs:
        for section, values in config.items():
            result.setdefault(section, {}).update(values)
    return result


def dump(config):
    """Render a config back to INI text, sections and keys sorted."""
    out = []
    for key, value in sorted(config.get("", {}).items()):
        out.append(f"{key} = {value}")
    for section in sorted(s for s in config if s):
        if out:
            out.append("")
        out.append(f"[{section}]")
        for key, value in sorted(config[section].items()):
            out.append(f"{key} = {value}")
    return "\n".join(out) + "\n"


def sections(config):
    return sorted(s for s in config if s)


def _lookup(config, section, key):
    return config[section][key]


def get(config, section, key, default=None):
    section, key = section.lower(), key.lower()
    try:
        return _lookup(config, section, key)
    except KeyError:
        if default is None:
            raise
        return default


def get_int(config, section, key, default=None):
    value = get(config, section, key, None if default is None else str(default))
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{section}.{key} is not an integer: {value!r}") from None


def has(config, section, key):
    try:
        _lookup(config, section, key)
    except KeyError:
        return False
    return True
