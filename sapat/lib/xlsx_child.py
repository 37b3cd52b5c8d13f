"""The child process that reads an untrusted .xlsx (see `sapat.lib.xlsx_guard`).

Run as `python -m sapat.lib.xlsx_child MAX_ROWS MAX_COLUMNS CPU_SECONDS MEMORY_BYTES`, the
file on stdin. It caps its own CPU time and memory before importing the parser, so that a
file which makes the parser work or allocate without end kills this process and nothing
else. It answers on stdout with a pickle of `("ok", [(title, rows), …])`, or
`("too_many_rows", None)`. No Django here: it starts fast and knows nothing of the site.
"""

import io
import pickle
import resource
import sys


def limit(cpu_seconds: int, memory_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def read(content: bytes, max_rows: int, max_columns: int):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheets = []
    try:
        for ws in wb.worksheets:
            # The declared size is not trusted: rows are as wide as their cells, at most
            # `max_columns` (a declared "A1:ZZZ2045" would pad every row to 18,278 cells).
            ws.reset_dimensions()
            rows = []
            for row in ws.iter_rows(max_col=max_columns, values_only=True):
                rows.append(list(row))
                if len(rows) > max_rows:
                    return "too_many_rows", None
            width = max(
                (i + 1 for row in rows for i, v in enumerate(row) if v is not None), default=0
            )
            sheets.append((ws.title, [row[:width] + [None] * (width - len(row)) for row in rows]))
    finally:
        wb.close()
    return "ok", sheets


def main() -> None:
    max_rows, max_columns, cpu_seconds, memory_bytes = (int(a) for a in sys.argv[1:5])
    content = sys.stdin.buffer.read()
    limit(cpu_seconds, memory_bytes)
    result = read(content, max_rows, max_columns)
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    main()
