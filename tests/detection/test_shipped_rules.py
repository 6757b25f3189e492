"""The shipped rules on clauses written for these tests (general legal wording)."""

from __future__ import annotations

import pytest

from app.detection.scanner import Scanner


def _categories(scanner: Scanner, text: str, lead_in: str | None = None) -> set[str]:
    return {f.category for f in scanner.scan_text(text, lead_in)}


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        (
            "Customer shall not use any Output to develop models that compete with Provider.",
            "competing-models",
        ),
        (
            "You may not use the Services to build a competing product, "
            "including to train competing AI models.",
            "competing-products",
        ),
        (
            "You will not use outputs of the Platform to train any machine learning model.",
            "any-model",
        ),
        (
            "Licensee will not use the Materials to improve any other large language model.",
            "other-llm",
        ),
        ("Output may not be used to develop competing AI models.", "competing-models"),
        (
            "Licensee may not use the Output to create any product that competes with Company, "
            "including any AI model.",
            "competing-products",
        ),
    ],
)
def test_competitor_training_is_found_with_its_scope(
    shipped_scanner: Scanner, text: str, scope: str
) -> None:
    found = [f for f in shipped_scanner.scan_text(text) if f.category == "competitor-training"]
    assert [f.scope for f in found] == [scope]
    assert found[0].restricted_party == "customer"


def test_list_item_under_a_prohibiting_lead_in_is_competitor_training(
    shipped_scanner: Scanner,
) -> None:
    text = "The Customer must not:\n(a) resell the Services;\n(b) use Output to develop AI models."
    assert "competitor-training" in _categories(shipped_scanner, text)


@pytest.mark.parametrize(
    "text",
    [
        "We will not use your Content to train our models.",
        "We may use your data to improve our machine learning models.",
        "Provider may use Customer Content to train its AI models unless Customer opts out.",
        "You may use Output to develop your own models.",
        "Anthropic will not train its models on your conversations.",
        "You may use Output for any lawful purpose, including to train models.",
    ],
)
def test_provider_training_and_permissions_are_not_competitor_training(
    shipped_scanner: Scanner, text: str
) -> None:
    assert "competitor-training" not in _categories(shipped_scanner, text)


def test_provider_training_and_the_commitment_not_to_train_are_told_apart(
    shipped_scanner: Scanner,
) -> None:
    assert "provider-trains-on-content" in _categories(
        shipped_scanner, "We may use your content to train our AI models."
    )
    commitment = _categories(shipped_scanner, "We will not use your data to train our models.")
    assert "no-training-commitment" in commitment
    assert "provider-trains-on-content" not in commitment


def test_carve_outs_of_a_competitor_training_clause_are_reported(shipped_scanner: Scanner) -> None:
    text = (
        "You may not use Output to develop models that compete with us without our prior "
        "written consent, except for models that classify data (embeddings or classifiers)."
    )
    [finding] = [f for f in shipped_scanner.scan_text(text) if f.category == "competitor-training"]
    assert set(finding.carve_outs) >= {"with-approval", "embeddings-classifiers"}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("This Agreement shall be governed by the laws of the State of Delaware.", "governing-law"),
        (
            "The courts of Dublin shall have exclusive jurisdiction over any dispute.",
            "jurisdiction",
        ),
        ("Any dispute shall be resolved by binding arbitration.", "arbitration"),
        (
            "In no event shall we be liable for indirect or consequential damages.",
            "limitation-of-liability",
        ),
        (
            "We may terminate your account at any time in our sole discretion.",
            "unilateral-termination",
        ),
        ("We may modify these Terms at any time.", "unilateral-change"),
        ("We may remove any content you post at any time.", "content-removal"),
        ("By using the Services, you agree to be bound by these Terms.", "contract-by-using"),
        ("This Agreement will automatically renew for successive one-year terms.", "auto-renewal"),
        ("Customer shall indemnify and hold harmless Provider from any claims.", "indemnification"),
        ("You may not scrape or crawl the Services.", "scraping"),
        ("You shall not reverse engineer or decompile the Software.", "reverse-engineering"),
        ("You may not publish benchmark results without our consent.", "benchmarking"),
        ("You must not use the API for model distillation.", "distillation-extraction"),
        (
            "During the Term, Distributor shall not sell products that compete with the Products.",
            "non-compete",
        ),
    ],
)
def test_each_category_has_a_working_rule(
    shipped_scanner: Scanner, text: str, category: str
) -> None:
    assert category in _categories(shipped_scanner, text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("You may change your password at any time.", "unilateral-change"),
        ("We grant you the right to use, copy and modify the sample code.", "unilateral-change"),
        (
            "Claims not submitted to arbitration shall be brought in the courts of Dublin.",
            "arbitration",
        ),
        ("Any arbitration will be conducted in the English language.", "arbitration"),
        ("You may cancel your subscription at any time.", "unilateral-termination"),
        ("Upon termination of your account, your licence ends.", "unilateral-termination"),
        ("You must first accept these Terms before you use the Service.", "contract-by-using"),
        ("By using the Service, you consent to our storing your recordings.", "contract-by-using"),
    ],
)
def test_look_alikes_are_not_flagged(shipped_scanner: Scanner, text: str, category: str) -> None:
    assert category not in _categories(shipped_scanner, text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("The Provider may, at its sole discretion, modify the Service.", "unilateral-change"),
        ("We reserve the right to make changes to these Terms.", "unilateral-change"),
        ("Prices are subject to change without notice.", "unilateral-change"),
        ("These Terms and our prices may be modified at any time.", "unilateral-change"),
        ("The arbitration shall take place in London, England.", "arbitration"),
        ("Acme may, in its sole discretion, suspend your access.", "unilateral-termination"),
        ("Your continued use of the Service means you accept the new terms.", "contract-by-using"),
        ("You accept these Terms when you use the Service.", "contract-by-using"),
    ],
)
def test_common_wordings_are_flagged(shipped_scanner: Scanner, text: str, category: str) -> None:
    assert category in _categories(shipped_scanner, text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "By placing an order with us, you agree to be bound by these Terms of Sale.",
            "contract-by-using",
        ),
        (
            "You agree that the Provider will treat your use of the services as acceptance of "
            "the Agreement from that point onwards.",
            "contract-by-using",
        ),
        (
            "These limitations and exclusions will apply whether or not we were advised of the "
            "possibility of such losses.",
            "limitation-of-liability",
        ),
        (
            "Please check this page regularly for changes, as the most recent version will be "
            "posted here.",
            "unilateral-change",
        ),
    ],
)
def test_parts_of_a_clause_that_carry_its_meaning_are_found(
    shipped_scanner: Scanner, text: str, category: str
) -> None:
    assert category in _categories(shipped_scanner, text)


def test_an_agreement_mentioned_after_that_is_not_a_promise_by_the_user(
    shipped_scanner: Scanner,
) -> None:
    """ "agree that" (the verb) is what the user promises; "Agreement ... that" is not."""
    assert "contract-by-using" not in _categories(
        shipped_scanner, "By using the Service you agree that you will not resell it."
    )


def test_output_as_training_data_for_other_models_is_competitor_training(
    shipped_scanner: Scanner,
) -> None:
    text = (
        "You will not use any Output as training data, evaluation data, reward signals or "
        "preference data for any model other than a Model provided by Example AI."
    )
    [finding] = [f for f in shipped_scanner.scan_text(text) if f.category == "competitor-training"]
    assert finding.scope == "any-model"
    assert finding.carve_outs == ()  # "evaluation data" is forbidden here, not allowed


@pytest.mark.parametrize(
    ("text", "carve_out"),
    [
        (
            "You may not use Output to develop competing models, except that you may use "
            "Output for evaluation and benchmarking.",
            "evaluation",
        ),
        (
            "You may not use Output to develop competing models; this does not restrict "
            "using Output to train embeddings or classifiers.",
            "embeddings-classifiers",
        ),
    ],
)
def test_carve_outs_are_what_the_text_allows(
    shipped_scanner: Scanner, text: str, carve_out: str
) -> None:
    [finding] = [f for f in shipped_scanner.scan_text(text) if f.category == "competitor-training"]
    assert carve_out in finding.carve_outs


@pytest.mark.parametrize(
    "lead_in",
    [
        "Nothing in this Section restricts you from:",
        "The following uses are not restricted by this Section:",
        "You may:",
    ],
)
def test_items_a_lead_in_allows_are_not_flagged_as_restrictions(
    shipped_scanner: Scanner, lead_in: str
) -> None:
    item = "(a) using Output to train or benchmark models that compete with the Services;"
    found = _categories(shipped_scanner, item, lead_in)
    assert not found & {"competitor-training", "benchmarking", "non-compete"}
    assert "competitor-training" in _categories(shipped_scanner, item, "You may not:")


def test_the_shipped_library_says_who_trains_on_what(shipped_scanner: Scanner) -> None:
    """The provider's training clauses are never a competitor-training ban on the customer,
    and the customer's bans are found in every competitor-training clause."""
    from app.files.clause_files import read_clause_folder
    from app.resources import shipped_library_dir

    found: dict[str, set[str]] = {}
    for record in read_clause_folder(shipped_library_dir()):
        body = record.history[-1].body
        found[record.key] = {f.category for f in shipped_scanner.scan_text(body)}
    for key in (
        "provider-trains-on-content-preferred",
        "provider-trains-on-content-fallback",
        "provider-trains-on-content-walk-away",
        "no-training-commitment",
    ):
        assert "competitor-training" not in found[key], key
    assert "provider-trains-on-content" in found["provider-trains-on-content-preferred"]
    assert "no-training-commitment" in found["provider-trains-on-content-walk-away"]
    assert "no-training-commitment" in found["no-training-commitment"]
    for tier in ("preferred", "fallback", "walk-away"):
        assert "competitor-training" in found[f"competitor-training-{tier}"]


@pytest.mark.parametrize(
    "text",
    [
        "Example AI Ltd will not use Content to train, fine-tune or improve any Model.",
        "{{ company_name }} will not use Content submitted through the API to train its Models.",
        "This applies to every plan. Example AI will not use Content to train any Model.",
    ],
)
def test_a_named_provider_promising_not_to_train_is_a_commitment_not_a_ban(
    shipped_scanner: Scanner, text: str
) -> None:
    found = _categories(shipped_scanner, text)
    assert "no-training-commitment" in found
    assert "competitor-training" not in found


def test_a_court_of_competent_jurisdiction_is_not_about_competition(
    shipped_scanner: Scanner,
) -> None:
    text = "Either party may not waive its right to apply to any court of competent jurisdiction."
    assert "non-compete" not in _categories(shipped_scanner, text)


def test_a_ban_on_building_a_competing_ai_product_is_a_non_compete(
    shipped_scanner: Scanner,
) -> None:
    text = (
        "For twelve months after the term, you will not develop or sell any large language "
        "model that competes with the Services."
    )
    assert "non-compete" in _categories(shipped_scanner, text)
