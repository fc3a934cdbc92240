"""A letter in the reader's language: its text, its layout, what is left to complete.

The view (view.py) hands each message of the plan to `LetterRenderer.render` with its
template (the guide's fenced block). A template is paragraphs separated by blank lines; a
paragraph that is one layout field (`{sender}`, `{recipient_address}`, `{place_date}`,
`{sending_mode}`, `{greeting}`, `{closing}`, `{signature}`), the subject line ("Objet :" /
"Subject:") or the attachments line (`{attachments}`) is a block of the letter's layout,
which the editable document and the print style place (sender top left, recipient in the
window of a DL envelope…); the rest is body text.

Conventions (FORMATS.md, "Letters"):
- A value the reader has not given is a visible placeholder in the letter's language
  ("[votre adresse]"), listed in `unfilled` and in the sentence that says what to complete
  before sending: never a silent blank.
- Greetings name nobody by a title they may not have. French: an email says "Bonjour
  Claire," when the contact is one word (a first name), else "Bonjour,"; a postal letter to
  a named person has no salutation and a closing without "Madame, Monsieur" (which is for
  an unnamed reader); a mandataire is "Maître" (a title, not a gender). English: "Dear Alex
  Martin," (the usual neutral form) / "Dear Sir or Madam,". The rules are strings
  (`format.greeting.*`, `format.closing.*`), so a language says its own.
- French elision and contraction before any name, by the words of `format.elision` and
  `format.contractions`: "auprès d'Imprimerie Dubois", "de l'ESN" (written so),
  "auprès du Monde". A name starting with h is never elided: an h aspiré ("de Hachette")
  cannot be told from an h muet by its spelling, and an unelided "de Hôtel…" reads as
  careful, where a wrong "d'Hachette" reads as an error. A y before a vowel is a consonant
  ("de Yasmine"), before a consonant a vowel ("d'Yves").
- Emails stay emails: no letterhead; `mailto` opens them in the reader's mail app (RFC 6068:
  UTF-8 percent-encoded, line breaks as CRLF; no address: the reader picks it there).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from checklist.letters import BY_ID, POSTAL_KINDS
from checklist.placeholders import STRING_PLACEHOLDER
from checklist.text import Strings
from checklist.vocabulary import COMPANY_FORMS, TEMPLATE_FIELDS

MONEY_FIELDS = ("overdue_total", "late_penalties", "recovery_indemnities", "total_claimed",
                "claim_estimate", "daily_rate", "declared_total")
DATE_FIELDS = ("today", "send_on", "announce_date", "last_day", "handover_start",
               "demand_deadline", "term", "renewal_deadline", "delivery_date", "reminder_date",
               "notice_received", "client_last_day", "owed_last_day", "last_working_day",
               "receipt_date", "send_by", "insolvency_published")
NAME_FIELDS = ("client", "contact", "freelancer", "recipient", "intermediary", "debtor")
COUNT_FIELDS = ("notice_days", "given_days", "notice_owed_days", "shortfall_days")
# Fields whose value picks a sentence (`letter.<field>.<variant>`) and fills it.
SENTENCE_FIELDS = ("invoices_intro", "handover_offer", "handover_sessions",
                   "successor_overlap", "notice_basis", "mission", "engagement", "work_end",
                   "contract_ending", "notice_owed_basis", "umbrella_end",
                   "umbrella_employment", "agreement_end", "agreement_waiver",
                   "owed_work_end")
# The layout blocks a paragraph made of one field is (the rest is body text).
LAYOUT_FIELDS = ("sender", "recipient_address", "place_date", "sending_mode", "greeting",
                 "closing", "signature")
# Block roles, in the order a postal letter has them (`subject` holds "Réf. :" too).
BLOCK_ROLES = ("sender", "recipient_address", "place_date", "sending_mode", "subject",
               "greeting", "text", "closing", "signature", "attachments", "receipt")

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_VOWELS = frozenset("aeiouy")


def percent_encode(text: str) -> str:
    """RFC 3986 percent-encoding of UTF-8 (every byte but the unreserved characters)."""
    return "".join(char if char in _UNRESERVED else
                   "".join(f"%{byte:02X}" for byte in char.encode("utf-8")) for char in text)


def mailto(subject: str, body: str) -> str:
    """A `mailto:` URL (RFC 6068) that opens a new email with this subject and body."""
    crlf = "\r\n".join(body.split("\n"))
    return f"mailto:?subject={percent_encode(subject)}&body={percent_encode(crlf)}"


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def starts_with_vowel_sound(name: str) -> bool:
    """True when French elides before `name` ("Imprimerie" → d'Imprimerie): a vowel, or a y
    before a consonant (Yves); never an h (see the module's docstring), a digit or a
    bracket (a placeholder)."""
    letters = _fold(name.lstrip("\"'«“ \u00a0"))
    if not letters or not letters[0].isalpha():
        return False
    if letters[0] == "y":
        return len(letters) > 1 and letters[1].isalpha() and letters[1] not in _VOWELS
    return letters[0] in _VOWELS


def filename_slug(text: str) -> str:
    """ASCII words joined by hyphens: a file name any system accepts."""
    return "-".join(re.findall(r"[a-z0-9]+", _fold(text)))[:60] or "lettre"


@dataclass
class Filled:
    """Text being filled, and the names of the values it had to leave as placeholders."""

    unfilled: list[str] = field(default_factory=list)

    def missing(self, name: str) -> None:
        if name not in self.unfilled:
            self.unfilled.append(name)


class LetterRenderer:
    """Renders the messages of one plan in one language. `format_date`, `invoice_name`
    and `invoice_lines` come from the view (one way to write a date or an invoice)."""

    def __init__(self, strings: Strings, *, format_date: Callable[[object], str],
                 invoice_name: Callable[[Mapping[str, object]], str],
                 invoice_lines: Callable[[Sequence[object], list[Mapping[str, object]] | None],
                                         str],
                 risk_titles: Mapping[str, str]) -> None:
        self.strings = strings
        self.format_date = format_date
        self.invoice_name = invoice_name
        self.invoice_lines = invoice_lines
        self.risk_titles = risk_titles
        elision = strings.data("format.elision")
        self.elision = {str(word).casefold() for word in elision} if isinstance(
            elision, list) else set()
        pairs = strings.data("format.contractions")
        self.contractions = {str(pair[0]).casefold(): str(pair[1]) for pair in pairs
                             if isinstance(pair, list) and len(pair) == 2
                             } if isinstance(pairs, list) else {}
        words = sorted({*self.elision, *(key.split()[0] for key in self.contractions)},
                       key=len, reverse=True)
        alternatives = "|".join(re.escape(word) for word in words) or "(?!)"
        # An optional elidable word, then a placeholder: `de {client}`, `{client}`.
        self._pattern = re.compile(rf"(?:(?<![\w'’])({alternatives}) )?"
                                   + STRING_PLACEHOLDER.pattern, re.IGNORECASE)

    # -- filling -------------------------------------------------------------------

    def join(self, word: str, text: str) -> str:
        """`word` followed by `text`, elided or contracted as the language does."""
        lower = word.casefold()
        first, _, rest = text.partition(" ")
        contracted = self.contractions.get(f"{lower} {first.casefold()}")
        if contracted is not None and rest:
            contracted = contracted[0].upper() + contracted[1:] if word[0].isupper() \
                else contracted
            return f"{contracted} {rest}"
        if lower in self.elision and starts_with_vowel_sound(text):
            return f"{word[:-1]}'{text}"
        return f"{word} {text}"

    def fill(self, template: str, resolve: Callable[[str, str | None, str | None], str]
             ) -> str:
        """One pass over `template`: each placeholder is replaced by `resolve(name, kind,
        option)`, and an elidable word before it joined to the result. Inserted text is
        never read again, so a name holding braces stays as typed."""
        def replace(match: re.Match[str]) -> str:
            word, name, kind, option = match.groups()
            text = resolve(name, kind, option)
            return self.join(word, text) if word else text

        return self._pattern.sub(replace, template)

    def placeholder(self, name: str) -> str:
        """What a letter shows for a value the reader has not given, in their language."""
        return self.strings.format_or(f"placeholder.{name}", f"[{name}]")

    def sentence(self, key: str, params: Mapping[str, object], filled: Filled) -> str:
        """The string `key` filled from `params`; a parameter that is empty becomes its
        placeholder (and is listed as unfilled)."""
        template = self.strings.get(key)
        if template is None:
            filled.missing(key)
            return f"⟦{key}⟧"

        def resolve(name: str, kind: str | None, option: str | None) -> str:
            value = params.get(name)
            if value is None or value == "":
                filled.missing(name)
                return self.placeholder(name)
            try:
                return self.strings.value(value, kind, option)
            except (TypeError, ValueError, ArithmeticError):
                filled.missing(name)
                return self.placeholder(name)

        return self.fill(template, resolve)

    # -- fields ----------------------------------------------------------------------

    def field_text(self, name: str, values: Mapping[str, object],
                   message: Mapping[str, object], filled: Filled) -> str:
        """The text of a letter field; what is missing shows as a placeholder."""
        value = values.get(name) if name in TEMPLATE_FIELDS else None
        try:
            text = self._field(name, value, message, filled)
        except (TypeError, ValueError, ArithmeticError):
            text = None
        if text is None:
            filled.missing(name)
            return self.placeholder(name)
        return text

    def _field(self, name: str, value: object, message: Mapping[str, object],
               filled: Filled) -> str | None:
        s = self.strings
        if isinstance(value, Mapping):
            return self._composite(name, value, message, filled)
        if value is None:
            return None
        if name in NAME_FIELDS:
            return value if isinstance(value, str) and value.strip() else None
        if name in DATE_FIELDS:
            return s.date(value)
        if name in MONEY_FIELDS:
            return s.money(value)
        if name == "penalty_rate":
            rates = value if isinstance(value, list) else [value]
            separator = s.get("letter.rates_separator") or ", "
            return separator.join(s.percent(rate) for rate in rates) or None
        if name in COUNT_FIELDS:
            return s.integer(value)
        if name == "invoice_list":
            details = message.get("invoices")
            return self.invoice_lines(value if isinstance(value, list) else [],
                                      list(details) if isinstance(details, list) else None
                                      ) or None
        if name == "sending_mode":
            return s.format(f"letter.sending.{value}")
        if name == "reference":
            return value if isinstance(value, str) and value.strip() else None
        return None

    def _composite(self, name: str, value: Mapping[str, object],
                   message: Mapping[str, object], filled: Filled) -> str | None:
        if name in SENTENCE_FIELDS:
            return self._sentence_field(name, value, filled)
        if name == "notice":
            return self.strings.duration(value)
        if name == "sender":
            return self.sender(value, filled)
        if name == "recipient_address":
            return self.recipient_block(value, message, filled)
        if name == "place_date":
            city = str(value.get("city") or "").strip()
            day = self.format_date(value.get("date"))
            return self.sentence("letter.place_date", {"city": city, "date": day}, filled)
        if name in ("greeting", "closing"):
            return self.politeness(name, value)
        if name == "signature":
            person = str(value.get("name") or "").strip()
            if value.get("legal_form") in COMPANY_FORMS:
                return self.sentence("letter.signature.company",
                                     {"freelancer": person,
                                      "company": str(value.get("company") or "").strip()},
                                     filled)
            if not person:
                filled.missing("freelancer")
                return self.placeholder("freelancer")
            return person
        if name == "attachments":
            return self.attachments(value, message, filled)
        return None

    def _sentence_field(self, name: str, value: Mapping[str, object],
                        filled: Filled) -> str:
        params: dict[str, object] = dict(value)
        for date_name in ("end", "last_working_day"):
            if isinstance(params.get(date_name), str):
                params[f"{date_name}_text"] = self.weekday_date(params[date_name])
        variant = value.get("variant")
        if name == "notice_basis" and value.get("from") == "sending" and variant in (
                "contract", "reasonable", "clause"):
            variant = f"{variant}_sending"  # the contract counts the notice from sending
        return self.sentence(f"letter.{name}.{variant}", params, filled)

    def weekday_date(self, iso: object) -> str:
        """"dimanche 4 avril 2027" / "Sunday 4 April 2027"."""
        day = date.fromisoformat(str(iso))
        names = self.strings.data("format.weekdays")
        text = self.format_date(iso)
        if not isinstance(names, list) or len(names) != 7:
            return text
        return self.strings.fill(self.strings.get("format.weekday_date") or "{weekday} {date}",
                                 {"weekday": names[day.weekday()], "date": text})

    def sender(self, value: Mapping[str, object], filled: Filled) -> str:
        """The sender block per legal form: the EI denomination (C. com. R526-27), or a
        company's name, form and share capital (R123-238); the address; SIREN and registry
        (R123-237). A portage consultant writes as an employee: name and address."""
        form = str(value.get("legal_form") or "unknown")
        person = str(value.get("name") or "").strip()
        lines: list[str] = []
        if form == "ei":
            lines.append(self.sentence("letter.sender.ei", {"freelancer": person}, filled))
        elif form in COMPANY_FORMS:
            company = str(value.get("company") or "").strip()
            lines.append(company or self._missing("company", filled))
            # EURL and SASU are named by the language's strings; another company's form is
            # the one the reader typed (SARL, SAS…), else a placeholder to complete.
            form_label = (str(value.get("company_form") or "").strip()
                          if form == "other_company"
                          else self.strings.get(f"letter.company_form.{form}") or "")
            capital = value.get("capital")
            lines.append(self.sentence("letter.sender.capital", {
                "company_form": form_label,
                "capital": self.capital(capital) if capital is not None else ""}, filled))
        else:
            lines.append(person or self._missing("freelancer", filled))
        lines.extend(self.address_lines(value.get("address"), "freelancer_address", filled))
        if form == "ei" or form in COMPANY_FORMS:
            siren = re.sub(r"\D", "", str(value.get("siren") or ""))
            lines.append(self.sentence("letter.sender.registration", {
                "siren": "\u00a0".join((siren[:3], siren[3:6], siren[6:])) if siren else "",
                "registry": str(value.get("registry") or "").strip()}, filled))
        elif form == "unknown":
            lines.append(self._missing("legal_identity", filled))
        return "\n".join(lines)

    def capital(self, amount: object) -> str:
        number = Decimal(str(amount))
        digits = self.strings.number(number, 0 if number == number.to_integral() else 2)
        pattern = (self.strings.get(f"format.currency.{self.strings.currency}")
                   or "{amount} {currency}")
        return pattern.replace("{amount}", digits).replace("{currency}",
                                                           self.strings.currency)

    def _missing(self, name: str, filled: Filled) -> str:
        filled.missing(name)
        return self.placeholder(name)

    def address_lines(self, address: object, name: str, filled: Filled) -> list[str]:
        lines = [" ".join(line.split()) for line in str(address or "").splitlines()]
        lines = [line for line in lines if line]
        return lines or [self._missing(name, filled)]

    def recipient_block(self, value: Mapping[str, object], message: Mapping[str, object],
                        filled: Filled) -> str:
        role = str(value.get("role") or "client")
        name = str(value.get("name") or "").strip()
        lines = [name or self._missing(f"{role}_name", filled)]
        if role == "mandataire":
            values = message.get("values")
            debtor = values.get("debtor") if isinstance(values, Mapping) else None
            lines.append(self.sentence("letter.recipient.mandataire", {
                "debtor": debtor if isinstance(debtor, str) else ""}, filled))
        contact = str(value.get("contact") or "").strip()
        if contact:
            lines.append(self.sentence("letter.attention", {"contact": contact}, filled))
        lines.extend(self.address_lines(value.get("address"), f"{role}_address", filled))
        return "\n".join(lines)

    def politeness(self, name: str, value: Mapping[str, object]) -> str:
        """A greeting or closing (`format.greeting.*`, `format.closing.*`): see the module's
        docstring for the convention."""
        contact = " ".join(str(value.get("contact") or "").split())
        kind, role = value.get("kind"), value.get("role")
        if kind == "email":
            case = ("email_none" if not contact else
                    "email_one_word" if " " not in contact else "email_full_name")
        else:
            case = ("letter_mandataire" if role == "mandataire" else
                    "letter_named" if contact else "letter_none")
        template = self.strings.get(f"format.{name}.{case}")
        if template is None:
            return "" if name == "closing" and kind == "email" else f"⟦format.{name}.{case}⟧"
        return self.strings.fill(template, {"name": contact})

    def attachments(self, value: Mapping[str, object], message: Mapping[str, object],
                    filled: Filled) -> str:
        items = value.get("items")
        indexes = value.get("invoices")
        details = message.get("invoices")
        by_index = {invoice.get("index"): invoice for invoice in details
                    if isinstance(invoice, Mapping)} if isinstance(details, list) else {}
        parts: list[str] = []
        for item in items if isinstance(items, list) else []:
            if item == "invoices":
                for index in indexes if isinstance(indexes, list) else []:
                    invoice = by_index.get(index)
                    if invoice is not None:
                        parts.append(self.strings.format(
                            "letter.attachment.invoice",
                            {"invoice": self.invoice_name(invoice)}))
                if not parts:
                    parts.append(self._missing("invoice_copies", filled))
            else:
                parts.append(self.strings.format(f"letter.attachment.{item}"))
        separator = self.strings.get("format.list_separator") or "; "
        return separator.join(parts)

    # -- a whole letter --------------------------------------------------------------

    def render(self, message: Mapping[str, object], template: Mapping[str, object],
               risks_in_plan: Sequence[str]) -> dict[str, object]:
        values = message.get("values")
        values = values if isinstance(values, Mapping) else {}
        kind = str(message.get("kind") or "email")
        filled = Filled()
        subject_word = self.strings.get("format.subject_word") or "Subject"
        subject_line = re.compile(rf"^\s*{re.escape(subject_word)}\s*:\s*(.*)$", re.IGNORECASE)

        def resolve(name: str, kind_: str | None, option: str | None) -> str:
            return self.field_text(name, values, message, filled)

        blocks: list[dict[str, str]] = []
        subject = ""
        for paragraph in re.split(r"\n[ \t]*\n", str(template.get("body", "")).strip("\n")):
            stripped = paragraph.strip()
            if not stripped:
                continue
            role = "text"
            alone = re.fullmatch(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", stripped)
            if alone and alone.group(1) in LAYOUT_FIELDS:
                role = alone.group(1)
            elif "{attachments}" in stripped:
                role = "attachments"
            elif subject_line.match(stripped.split("\n", 1)[0]):
                role = "subject"
            text = "\n".join(line.rstrip() for line in self.fill(
                paragraph.rstrip(), resolve).strip("\n").split("\n"))
            if not text.strip():
                continue  # a sentence with nothing to say here (no salutation, same day)
            if role == "subject" and not subject:
                found = subject_line.match(text.split("\n", 1)[0])
                subject = found.group(1).strip() if found else ""
            blocks.append({"role": role, "text": text})
        if kind == "registered" and values.get("sending_mode") == "hand":
            blocks.append({"role": "receipt", "text": self.strings.format("letter.receipt")})
        body = "\n\n".join(block["text"] for block in blocks)
        unfilled = filled.unfilled
        spec = BY_ID.get(str(message.get("id")))
        listed = message.get("risks")
        wanted = [str(code) for code in listed] if isinstance(listed, list) else []
        warnings = [self.risk_titles[code] for code in wanted
                    if code in risks_in_plan and code in self.risk_titles]
        out: dict[str, object] = {
            "kind": kind,
            "postal": kind in POSTAL_KINDS,
            "subject": subject,
            # The layout is for postal letters (print, document); an email is its body.
            "blocks": blocks if kind in POSTAL_KINDS else [],
            "body": body,
            "unfilled": unfilled,
            "complete": not unfilled,
            "to_complete": [self.placeholder(name).strip("[]") for name in unfilled],
            "to_complete_text": self.strings.format("letter.to_complete", {
                "items": (self.strings.get("format.list_separator") or "; ").join(
                    self.placeholder(name).strip("[]") for name in unfilled)})
            if unfilled else "",
            "warnings": warnings,
            "warnings_text": self.strings.format("letter.warnings", {
                "risks": (self.strings.get("format.list_separator") or "; ").join(
                    self.strings.fill(self.strings.get("format.quote") or "“{text}”",
                                      {"text": title}) for title in warnings)})
            if warnings else "",
            "mailto": None,
            "document": None,
        }
        if kind == "email":
            email_body = "\n\n".join(block["text"] if block["role"] != "subject"
                                     else block["text"].split("\n", 1)[1]
                                     if "\n" in block["text"] else ""
                                     for block in blocks).strip("\n")
            email_body = re.sub(r"\n{3,}", "\n\n", email_body)
            out["mailto"] = mailto(subject, email_body)
        elif spec is not None:
            out["document"] = {
                "format": "odt",
                "media_type": "application/vnd.oasis.opendocument.text",
                "filename": f"{message.get('send_on')}-"
                            f"{filename_slug(str(template.get('title', spec.id)))}.odt"}
        return out
