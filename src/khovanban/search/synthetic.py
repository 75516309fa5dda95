"""A simple synthetic archive for the search benchmark: N document pages as built HTML.

Why its own generator: the benchmark measures the index and what the browser fetches, which
depend on the indexed text (vocabulary, length, numbers, citations) and not on the theme. So
pages are written straight as HTML with the same search markup the real build produces
(``document_page_html``), skipping MkDocs, and 10,000 documents take seconds. The text is
made of sentences from the archive's own documents, so the vocabulary is real Vietnamese;
numbers follow the Party and state formats and cite earlier documents (a few much more
than others, as real directives do). The richer corpus generator of the scale work can
replace this: ``scripts/bench_search.py --site`` measures any built site.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape
from typing import Any

from ..identity import document_id, document_url
from ..numbers import parse_number
from ..render import metadata_card
from ..vntext import nfc
from .entry import SearchEntry
from .markup import document_page_html

PROVINCES = (
    "Bắc Giang", "Lai Châu", "Bình Thuận", "Hà Nội", "Thanh Hóa", "Nghệ An", "Quảng Ninh", "Hải Phòng",
    "Đà Nẵng", "Cần Thơ", "Đắk Lắk", "Lâm Đồng", "Khánh Hòa", "Thái Nguyên", "Điện Biên", "Hòa Bình",
    "Thừa Thiên Huế", "Quảng Trị", "Đồng Nai", "Sóc Trăng",
)
# (issuer name template, issuer code, family, type choices (name, code))
ISSUERS = (
    ("Tỉnh ủy {p}", "TU", "party", (("Công văn", "CV"), ("Kết luận", "KL"), ("Chỉ thị", "CT"),
                                     ("Kế hoạch", "KH"), ("Thông báo", "TB"), ("Nghị quyết", "NQ"))),
    ("Ban Tuyên giáo Tỉnh ủy {p}", "BTGTU", "party", (("Công văn", "CV"), ("Hướng dẫn", "HD"), ("Kế hoạch", "KH"))),
    ("Đảng đoàn Liên đoàn Lao động tỉnh {p}", "ĐĐ", "party", (("Công văn", "CV"), ("Kế hoạch", "KH"))),
    ("Ủy ban nhân dân tỉnh {p}", "UBND", "state", (("Quyết định", "QĐ"), ("Kế hoạch", "KH"), ("Công văn", ""))),
    ("Liên đoàn Lao động tỉnh {p}", "LĐLĐ", "state", (("Công văn", ""), ("Kế hoạch", "KH"), ("Báo cáo", "BC"))),
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = ("Văn", "Thị", "Đức", "Hữu", "Minh", "Thanh", "Quốc", "Thu", "Ngọc", "Xuân")
GIVEN = ("Hồng", "Thiện", "Cảnh", "Trương", "Đức", "Hùng", "Lan", "Hoà", "Thuỷ", "Tâm", "Dũng", "Hạnh",
         "Khoa", "Phương", "Long", "Nga", "Sơn", "Tuấn", "Yến", "Bình")
_FALLBACK = (
    "Các cấp ủy, tổ chức đảng tiếp tục quán triệt, triển khai thực hiện nghiêm túc các chủ trương của Đảng.",
    "Tăng cường công tác kiểm tra, giám sát việc thực hiện; định kỳ báo cáo Ban Thường vụ Tỉnh uỷ.",
    "Phát huy vai trò của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội trong công tác vận động Nhân dân.",
)


@dataclass(frozen=True)
class SyntheticDocument:
    """One generated document: its URL (site-relative, directory style), front matter and content HTML."""

    url: str
    meta: dict[str, Any]
    content_html: str

    def page_html(self, header_html: str, base_url: str) -> str:
        """A minimal page: the site's search box and assets, and the indexed document content."""
        entry = SearchEntry.from_meta(self.meta)
        return (
            '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            f"<title>{self.meta['number']}</title>"
            f'<link rel="stylesheet" href="{base_url}/assets/search.css">'
            f'<script src="{base_url}/assets/search.js" defer></script></head><body>'
            f'<header class="md-header"><nav class="md-header__inner">{header_html}</nav></header>'
            f"<main><h1>{self.meta['title']}</h1>{document_page_html(self.content_html, entry)}</main>"
            "</body></html>"
        )


def sentence_bank(texts: Iterable[str]) -> list[str]:
    """Sentences of real documents (Markdown bodies), cleaned of markup; a small default if none."""
    sentences: list[str] = []
    for text in texts:
        body = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.DOTALL)
        body = re.sub(r"\{:[^}]*\}|<[^>]+>|[*_\\]|^\s*[-#]+", " ", body, flags=re.MULTILINE)
        for sentence in re.split(r"(?<=[.;:])\s+", nfc(body)):
            words = sentence.split()
            if 6 <= len(words) <= 80:
                sentences.append(" ".join(words))
    return sentences or list(_FALLBACK)


@dataclass
class _Issued:
    number: str
    doc_type: str
    issuer: str
    date: str
    weight: int = 1


def _number(n: int, type_code: str, issuer_code: str, family: str) -> str:
    if family == "party":
        return f"{n}-{type_code}/{issuer_code}"
    return f"{n}/{type_code + '-' if type_code else ''}{issuer_code}"


def _cite_writing(number: str, rng: random.Random) -> str:
    """How a citing text prints a number: mostly as issued, sometimes with the usual variations."""
    roll = rng.random()
    if roll < 0.05:
        return number.replace("/", "")  # "2234-CVTU"
    if roll < 0.10:
        return number.replace("/", " / ")
    return number


def synthetic_documents(count: int, seed: int, sentences: list[str]) -> Iterator[SyntheticDocument]:
    """``count`` documents, deterministic for a seed; later documents cite earlier ones."""
    rng = random.Random(seed)
    issued: list[_Issued] = []
    counters: dict[tuple[str, int], int] = {}
    for index in range(count):
        template, code, family, types = rng.choice(ISSUERS)
        issuer = template.format(p=rng.choice(PROVINCES))
        doc_type, type_code = rng.choice(types)
        year = rng.randint(2015, 2025)
        counters[(issuer, year)] = counters.get((issuer, year), 0) + rng.randint(1, 9)
        number = _number(counters[(issuer, year)], type_code or "", code, family)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        signer = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        wanted = min(len(issued), rng.randint(0, 4))
        cited = rng.choices(issued, weights=[d.weight for d in issued], k=wanted) if wanted else []
        for target in cited:
            target.weight += 1  # preferential attachment: much-cited documents get cited more
        subject = rng.choice(sentences).rstrip(".;:")
        if cited:
            first = cited[0]
            subject = f"triển khai thực hiện {first.doc_type} số {first.number}"
        title = f"V/v {subject[:160]}"
        paragraphs = []
        for target in cited:
            paragraphs.append(
                f"Thực hiện {target.doc_type} số {_cite_writing(target.number, rng)} ngày "
                f"{target.date[8:10]}/{target.date[5:7]}/{target.date[:4]} của {target.issuer}, "
                f"{issuer} yêu cầu các cơ quan, đơn vị triển khai thực hiện tốt một số nội dung sau."
            )
        for _ in range(rng.randint(4, 14)):
            paragraphs.append(" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 4))))
        parsed = parse_number(number)
        meta: dict[str, Any] = {
            "title": title, "number": number, "type": doc_type, "issuer": issuer, "date": date,
            "signer": signer, "subject": title, "signing_authority": "T/M Ban Thường vụ", "signer_position": "Bí thư",
        }
        doc_id = document_id(issuer, year, parsed, f"{index:064x}")
        body = "".join(f"<p>{_escape(p)}</p>" for p in paragraphs)
        body += f"<p>Nơi nhận: Như trên; Lưu VT.</p><p>{_escape(signer)}</p>"
        issued.append(_Issued(number, doc_type, issuer, date))
        yield SyntheticDocument(document_url(doc_id), meta, metadata_card(meta, "#") + body)


def _escape(text: str) -> str:
    return escape(text, quote=False)
