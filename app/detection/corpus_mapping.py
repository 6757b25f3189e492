"""How public labelled corpora name our categories, and their records as eval-rules lines.

The corpora themselves are not part of the project; only this mapping is.
"""

from __future__ import annotations

from typing import Any

# CLAUDETTE (unfair clauses in consumer terms of service); privacy_included has no rule here.
CLAUDETTE_CATEGORIES: dict[str, str] = {
    "limitation_of_liability": "limitation-of-liability",
    "unilateral_termination": "unilateral-termination",
    "unilateral_change": "unilateral-change",
    "choice_of_law": "governing-law",
    "jurisdiction": "jurisdiction",
    "contract_by_using": "contract-by-using",
    "content_removal": "content-removal",
    "arbitration": "arbitration",
}

# CUAD (commercial contracts): only the labels that mean one of our categories.
CUAD_CATEGORIES: dict[str, str] = {
    "Governing Law": "governing-law",
    "Non-Compete": "non-compete",
    "Cap on Liability": "limitation-of-liability",
    "Uncapped Liability": "uncapped-liability",
    "Renewal Term": "auto-renewal",
}

# Scopes of the labelled AI-training clauses.
AI_TRAINING_SCOPES: dict[str, str] = {
    "competing_models": "competing-models",
    "competing_products_incl_models": "competing-products",
    "any_model": "any-model",
    "other_llm": "other-llm",
}


def claudette_item(record: dict[str, Any]) -> dict[str, Any]:
    labels = [
        CLAUDETTE_CATEGORIES[x] for x in record.get("labels", []) if x in CLAUDETTE_CATEGORIES
    ]
    return {"text": record["text"], "labels": sorted(set(labels))}


def cuad_item(record: dict[str, Any]) -> dict[str, Any]:
    labels = [CUAD_CATEGORIES[x] for x in record.get("labels", []) if x in CUAD_CATEGORIES]
    return {"text": record["text"], "labels": sorted(set(labels))}


def ai_training_item(record: dict[str, Any]) -> dict[str, Any] | None:
    """A positive is a competitor-training clause, a negative has none; borderline is None
    (measured as its own bucket, not as right or wrong)."""
    label = record.get("label")
    if label == "borderline":
        return None
    item: dict[str, Any] = {
        "text": record["text"],
        "labels": ["competitor-training"] if label == "positive" else [],
    }
    scope = AI_TRAINING_SCOPES.get(record.get("scope") or "")
    if label == "positive" and scope:
        item["scope"] = scope
    if record.get("context_lead_in"):
        item["lead_in"] = record["context_lead_in"]
    return item
