"""A researcher's own side of the site: their account, claiming a profile, editing it, proposing corrections."""
