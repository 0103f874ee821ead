"""pfSense, through the REST API package (pfSense-pkg-RESTAPI) v2.

Built from the pfSense REST API documentation and the package's sources (Models/SystemStatus.inc,
SystemVersion.inc; the response envelope), v2.
"""

from integrations.pfsense.definition import PfSense

integration = PfSense()
