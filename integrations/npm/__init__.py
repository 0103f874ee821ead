"""Nginx Proxy Manager, through its API (``/api``): a token from a user's email and password.

Built from the Nginx Proxy Manager API schema (backend/schema: tokens, reports/hosts,
nginx/proxy-hosts, certificate and token objects) and its error handling (backend/app.js,
lib/error.js, models/token.js), version 2.15.1.
"""

from integrations.npm.definition import NginxProxyManager

integration = NginxProxyManager()
