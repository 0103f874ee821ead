"""Site monitor: checks a site itself (an HTTP request or a TCP connection), with no service API.

Built from the HTTP/1.1 semantics of RFC 9110 and the X.509 certificate a TLS server presents.
"""

from integrations.sitemonitor.definition import SiteMonitor

integration = SiteMonitor()
