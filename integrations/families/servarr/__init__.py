"""The Servarr apps (Sonarr, Radarr, Lidarr, Readarr): one API, so one client and one set of
endpoints; each app's package adds its client's name and API generation, its records, and how
a record reads as a title."""
