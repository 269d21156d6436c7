"""wengao 文稿 — entry point: ``python generate.py --help``."""

from generator.cli import main

if __name__ == "__main__":
    main()
