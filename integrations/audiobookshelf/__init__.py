"""Audiobookshelf, through its REST API (Audiobookshelf 2.x, api.audiobookshelf.org).

Built from the Audiobookshelf API documentation (audiobookshelf-api-docs).
"""

from integrations.audiobookshelf.definition import Audiobookshelf

integration = Audiobookshelf()
