"""Start the web page: ``python app.py [--host 127.0.0.1] [--port 7860]`` (defaults from settings)."""

from __future__ import annotations

import argparse
import sys


def main() -> None:
    parser = argparse.ArgumentParser(description="乡村电商参谋 · Rural E-commerce Advisor (web page)")
    parser.add_argument("--host", default=None, help="address to bind (default: ADVISOR_WEB_HOST or 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="port (default: ADVISOR_WEB_PORT or 7860)")
    args = parser.parse_args()
    from advisor.errors import AdvisorError
    from advisor.web import launch

    try:
        launch(host=args.host, port=args.port)
    except AdvisorError as exc:  # one line, no traceback
        print(f"advisor: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
