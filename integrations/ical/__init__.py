"""iCal / CalDAV: a calendar's events from an iCalendar file over HTTP(S) or a CalDAV collection.

Built from iCalendar (RFC 5545), CalDAV's calendar-query REPORT (RFC 4791 section 7.8) and
WebDAV's PROPFIND and multistatus (RFC 4918).
"""

from integrations.ical.definition import ICal

integration = ICal()
