"""Start-up check that the sandbox command works end to end: the reviewer expects exactly this line."""


def main():
    print("sandbox-ok")


if __name__ == "__main__":
    main()
