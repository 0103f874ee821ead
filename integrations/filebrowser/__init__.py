"""File Browser, through its HTTP API (``/api``).

Built from File Browser's API sources (http/http.go routes, http/auth.go login and token,
http/resource.go disk usage, files/listing.go), version 2.63.23.
"""

from integrations.filebrowser.definition import FileBrowser

integration = FileBrowser()
