"""AVM FRITZ!Box, through its TR-064 interface (SOAP over HTTP with digest authentication).

Built from AVM's TR-064 documents: "AVM TR-064 - First Steps" version 54 (2022-11-18) and the
service documents DeviceInfo (deviceinfoSCPD, version 9), WANCommonInterfaceConfig
(wancommonifconfigSCPD, version 20), Hosts (hostsSCPD, version 23), WANIPConnection and
WANPPPConnection (wanipconnSCPD, wanpppconnSCPD, 2021-09-08) and Layer3Forwarding
(layer3forwardingSCPD, version 5).
"""

from integrations.fritzbox.definition import Fritzbox

integration = Fritzbox()
