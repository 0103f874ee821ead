"""HDHomeRun network tuners, through their HTTP interface.

Built from the HDHomeRun HTTP Development Guide (info.hdhomerun.com/info/http_api:
discover.json, lineup.json) and the tuner status the device's own web page reads (status.json).
"""

from integrations.hdhomerun.definition import Hdhomerun

integration = Hdhomerun()
