"""Production's static files storage (settings.STORAGES, with TTG_STATIC_ROOT): whitenoise's
compressed manifest storage, which also rewrites the `import` lines of our JavaScript modules
(`ttg/init.js`) to the hashed names, so that every file a page loads is cached for ever."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
