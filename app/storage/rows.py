"""SQLAlchemy 2 typed rows (the database schema as Python classes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ClauseRow(Base):
    """The current state of a clause; its wordings live in ClauseVersionRow."""

    __tablename__ = "clause"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    type: Mapped[str] = mapped_column(String(120), index=True)
    category: Mapped[str | None] = mapped_column(String(120), index=True)
    tier: Mapped[str | None] = mapped_column(String(20))
    tags: Mapped[str] = mapped_column(Text, default="")
    risk: Mapped[str] = mapped_column(String(20), default="low")
    jurisdiction: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(20), index=True, default="draft")
    owner: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text)
    current_version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    lock_version: Mapped[int] = mapped_column(Integer, nullable=False)

    versions: Mapped[list[ClauseVersionRow]] = relationship(
        back_populates="clause", order_by="ClauseVersionRow.number", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012


class ClauseVersionRow(Base):
    """One immutable wording of a clause."""

    __tablename__ = "clause_version"
    __table_args__ = (UniqueConstraint("clause_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clause_id: Mapped[int] = mapped_column(ForeignKey("clause.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    clause: Mapped[ClauseRow] = relationship(back_populates="versions")


class SettingRow(Base):
    """Library-wide facts, e.g. whether the shipped library was loaded."""

    __tablename__ = "library_setting"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class TermsDocumentRow(Base):
    """A terms document's definition (outline and variables, as JSON text)."""

    __tablename__ = "terms_document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    definition: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    lock_version: Mapped[int] = mapped_column(Integer, nullable=False)

    versions: Mapped[list[TermsDocumentVersionRow]] = relationship(
        back_populates="document",
        order_by="TermsDocumentVersionRow.number",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012


class TermsDocumentVersionRow(Base):
    """A saved version of a document: its assembled text frozen as JSON, with a label."""

    __tablename__ = "terms_document_version"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("terms_document.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(500))
    assembled: Mapped[str] = mapped_column(Text)
    variable_values: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    document: Mapped[TermsDocumentRow] = relationship(back_populates="versions")


class PlaybookRow(Base):
    """The team's shared detection rules (a user rule file's YAML text), one row per playbook."""

    __tablename__ = "playbook"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    rules: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    lock_version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012


class ReviewRow(Base):
    """A saved review of a customer's contract: the result as JSON and the lawyer's notes."""

    __tablename__ = "contract_review"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer: Mapped[str] = mapped_column(String(500), index=True)
    contract: Mapped[str] = mapped_column(Text)
    standard: Mapped[str] = mapped_column(String(500))
    standard_version: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deviations: Mapped[int] = mapped_column(Integer)
    lost: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="[]")


class ClauseChangeRow(Base):
    """The audit trail of a clause's details: who changed what, and when."""

    __tablename__ = "clause_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clause_id: Mapped[int] = mapped_column(ForeignKey("clause.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
