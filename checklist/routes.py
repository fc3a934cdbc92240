"""The exit routes, defined once: how an exit happens, and what follows from it.

The engine decides exactly one route from the answers before it picks dates, risks, steps
and letters (FORMATS.md, "Routes"). Every other module asks a route for one of its
properties (`ROUTES[route].notice_letter`) instead of keeping its own list of route names,
so a new route is one record here plus its strings and its dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, get_args

ContractType = Literal["open_ended", "fixed_term", "deliverable"]
# What the contract's end is measured against when the route ends at a fixed date.
EndsAt = Literal["term", "delivery"]
# How a letter states the notice given (`letter.notice_basis.<variant>`); "notice" is the
# contract's notice or a reasonable one, decided from the answers.
NoticeBasis = Literal["notice", "clause", "term", "delivery"]
# The sentence a letter uses (`letter.notice_basis.<variant>`): "notice" becomes the
# contract's notice or a reasonable one.
NoticeBasisVariant = Literal["contract", "reasonable", "clause", "term", "delivery"]
NOTICE_BASIS_VARIANTS: tuple[NoticeBasisVariant, ...] = get_args(NoticeBasisVariant)


class Route(StrEnum):
    OPEN_ENDED_NOTICE = "open_ended_notice"
    FIXED_TERM_AT_TERM = "fixed_term_at_term"
    FIXED_TERM_EARLY_CLAUSE = "fixed_term_early_clause"
    FIXED_TERM_EARLY_AGREEMENT = "fixed_term_early_agreement"
    DELIVERABLE_COMPLETE = "deliverable_complete"
    DELIVERABLE_EARLY_AGREEMENT = "deliverable_early_agreement"
    CLIENT_ENDS_OPEN_ENDED = "client_ends_open_ended"
    CLIENT_ENDS_FIXED_TERM_EARLY = "client_ends_fixed_term_early"
    CLIENT_ENDS_DELIVERABLE = "client_ends_deliverable"


@dataclass(frozen=True)
class RouteSpec:
    """What a route implies for the rest of the plan."""

    contract_type: ContractType
    topic: str  # the reasoning topic of the route's note (rules.REASON_TOPICS)
    # The freelancer ends the contract unilaterally with a notice letter.
    notice_letter: bool = False
    # The last day is only a proposal until the other party agrees in writing.
    proposal: bool = False
    # The freelancer announces the departure (email) before or with its letter.
    announced: bool = False
    # The client ended the contract before its term, delivery or notice (a client route:
    # a client that ends at the term or delivery follows the freelancer's route for it).
    client_ends: bool = False
    # The route ends on a fixed date of the contract (its term, or delivery).
    ends_at: EndsAt | None = None
    # The route ends the contract before its term or delivery.
    early_exit: bool = False
    # How the notice letter states the notice; None: the route sends no such sentence.
    notice_basis: NoticeBasis | None = None


ROUTES: dict[Route, RouteSpec] = {
    Route.OPEN_ENDED_NOTICE: RouteSpec(
        "open_ended", "notice", notice_letter=True, announced=True,
        notice_basis="notice"),
    Route.FIXED_TERM_AT_TERM: RouteSpec(
        "fixed_term", "fixed_term", announced=True, ends_at="term",
        notice_basis="term"),
    Route.FIXED_TERM_EARLY_CLAUSE: RouteSpec(
        "fixed_term", "early_clause", notice_letter=True, announced=True,
        early_exit=True, notice_basis="clause"),
    Route.FIXED_TERM_EARLY_AGREEMENT: RouteSpec(
        "fixed_term", "early_agreement", proposal=True, early_exit=True),
    Route.DELIVERABLE_COMPLETE: RouteSpec(
        "deliverable", "deliverable", announced=True, ends_at="delivery",
        notice_basis="delivery"),
    Route.DELIVERABLE_EARLY_AGREEMENT: RouteSpec(
        "deliverable", "deliverable", proposal=True, early_exit=True),
    Route.CLIENT_ENDS_OPEN_ENDED: RouteSpec(
        "open_ended", "client_notice", client_ends=True),
    Route.CLIENT_ENDS_FIXED_TERM_EARLY: RouteSpec(
        "fixed_term", "fixed_term", client_ends=True, early_exit=True),
    Route.CLIENT_ENDS_DELIVERABLE: RouteSpec(
        "deliverable", "deliverable", client_ends=True, early_exit=True),
}

ROUTE_NAMES: tuple[str, ...] = tuple(str(route) for route in Route)
