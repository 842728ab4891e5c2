"""Benchmark-only start-up patch for charmhelpers on Debian, a copy of the
interop tests' examples/django/tests/reactive/site/sitecustomize.py. Never
installed on the machine: iface-bench puts this directory first on
PYTHONPATH of the Python hook processes it starts, and nowhere else.

charmhelpers (imported by charms.reactive) refuses to import on Debian:
`charmhelpers.osplatform.get_platform()` reads NAME from /etc/os-release,
which is "Debian GNU/Linux", and looks for the lower-case "debian" in it
(a branch it has precisely for Debian build machines, mapping them to
"ubuntu"), so the check never matches and `charmhelpers.core.host` raises
`RuntimeError: This module is not supported on Debian GNU/Linux.`

The fix is the comparison charmhelpers meant: `_get_platform_from_fs` is
wrapped so that a NAME containing "Debian" is reported as "debian".
`get_platform` looks the helper up in its module at call time, so every
importer (`core.host`, `core.kernel`, `fetch`) sees it; nothing else of
charmhelpers or of the platform module is changed. Python imports this
module by itself at start-up (the `site` module's `sitecustomize` hook).
"""

try:
    import charmhelpers.osplatform as _osplatform
except ImportError:  # charmhelpers not on the path: nothing to patch
    _osplatform = None

if _osplatform is not None:
    _from_fs = _osplatform._get_platform_from_fs

    def _get_platform_from_fs():
        name = _from_fs()
        return "debian" if "Debian" in name else name

    _osplatform._get_platform_from_fs = _get_platform_from_fs
