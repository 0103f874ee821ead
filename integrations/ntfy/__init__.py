"""ntfy, through its HTTP API: a topic's cached messages (``/<topic>/json?poll=1``) and the
server's stats.

Built from the ntfy documentation (subscribe API, publish authentication) and the server's
sources (server/server.go, types.go, errors.go), version 2.13.0.
"""

from integrations.ntfy.definition import Ntfy

integration = Ntfy()
