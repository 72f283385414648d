"""Start-up check that the sandbox command works end to end: the reviewer expects exactly this line."""
print("sandbox-ok")
