"""Application core without QtWidgets: config, visitor session, flow, i18n, content."""
