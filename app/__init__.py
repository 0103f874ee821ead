"""Tilewire's service layer: settings, storage, encryption, auth and the ASGI application."""
