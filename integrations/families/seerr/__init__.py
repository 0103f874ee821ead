"""The Seerr request managers, Overseerr and Jellyseerr (its fork): one API v1, so one client,
one set of endpoints and one set of models; Jellyseerr's package adds its Jellyfin/Emby
sign-in."""
