"""A small built-in reference set, loaded first and kept when a data file is missing.

Values are taken from the project's open data (OS Code-Point Open 2025.4.0 centroids; mySociety
council names). The full data is loaded by `manage.py load_reference_data`.
"""

# (GSS code, name, official name, type, centroid lat, centroid lon, main district)
NORTH_EAST_COUNCILS: list[tuple[str, str, str, str, float, float, str]] = [
    ("E06000057", "Northumberland", "Northumberland County Council", "UA", 55.18071, -1.8008, "NE61"),
    ("E08000022", "North Tyneside", "North Tyneside Council", "MD", 55.0223, -1.50382, "NE12"),
    ("E08000021", "Newcastle upon Tyne", "Newcastle City Council", "MD", 54.99062, -1.63886, "NE1"),
    ("E08000037", "Gateshead", "Gateshead Metropolitan Borough Council", "MD", 54.94192, -1.64824, "NE8"),
    ("E08000023", "South Tyneside", "South Tyneside Council", "MD", 54.97128, -1.44819, "NE33"),
    ("E08000024", "Sunderland", "Sunderland City Council", "MD", 54.89064, -1.44044, "SR1"),
    ("E06000047", "County Durham", "Durham County Council", "UA", 54.7525, -1.63154, "DH1"),
    ("E06000005", "Darlington", "Darlington Borough Council", "UA", 54.53155, -1.55091, "DL1"),
    ("E06000001", "Hartlepool", "Hartlepool Borough Council", "UA", 54.68042, -1.22873, "TS24"),
    ("E06000002", "Middlesbrough", "Middlesbrough Borough Council", "UA", 54.55288, -1.2257, "TS1"),
    (
        "E06000003",
        "Redcar and Cleveland",
        "Redcar and Cleveland Borough Council",
        "UA",
        54.57168,
        -1.0605,
        "TS10",
    ),
    ("E06000004", "Stockton-on-Tees", "Stockton-on-Tees Borough Council", "UA", 54.56603, -1.32304, "TS18"),
]

# (outcode, lat, lon, GSS code): one district per council, enough for the demo's own vacancies.
BUILTIN_DISTRICTS: list[tuple[str, float, float, str]] = [
    ("NE61", 55.1667, -1.6906, "E06000057"),
    ("NE12", 55.024573, -1.570789, "E08000022"),
    ("NE1", 54.972411, -1.61154, "E08000021"),
    ("NE8", 54.955003, -1.606429, "E08000037"),
    ("NE33", 54.991206, -1.429617, "E08000023"),
    ("SR1", 54.90623, -1.377986, "E08000024"),
    ("DH1", 54.782061, -1.56551, "E06000047"),
    ("DL1", 54.529919, -1.538833, "E06000005"),
    ("TS24", 54.696993, -1.211302, "E06000001"),
    ("TS1", 54.571908, -1.239341, "E06000002"),
    ("TS10", 54.606591, -1.069437, "E06000003"),
    ("TS18", 54.560986, -1.324096, "E06000004"),
]

ROLES: list[tuple[str, str]] = [
    ("Care worker", "Help people with daily living at home or in a care home."),
    ("Home care worker", "Visit people in their own homes so they can stay independent."),
    ("Senior care worker", "Lead a shift, handle medication and support new carers."),
    ("Support worker", "Support people with learning disabilities or mental health needs to live well."),
    ("Registered nurse", "Lead clinical care in nursing homes and the community."),
    ("Registered manager", "Run a regulated care service and its team."),
    ("Activities coordinator", "Plan activities that keep residents active and connected."),
    ("Healthcare support worker", "NHS role supporting nurses in hospital and community teams."),
    ("Care apprentice", "Earn while you learn towards a care qualification."),
]
