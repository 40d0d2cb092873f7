"""What the crawls collected: articles with their sources, companies and signals (for `hjm articles`)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from tracker.models import Article, ArticleCompany, Company, Signal, Source
from tracker.stories import story_articles


def list_articles(*, session: Session, company_id: int | None = None, since: datetime | None = None,
                  limit: int = 200) -> list[dict[str, Any]]:
    """Newest articles first, each with its feed, the other outlets of its story, companies and signals."""
    when = func.coalesce(Article.published_at, Article.fetched_at)
    query = select(Article, Source.url).join(Source, Source.id == Article.source_id, isouter=True)
    if company_id is not None:
        query = query.where(col(Article.id).in_(
            select(ArticleCompany.article_id).where(ArticleCompany.company_id == company_id)))
    if since is not None:
        query = query.where(when >= since)
    rows = session.exec(query.order_by(when.desc(), Article.id.desc()).limit(limit)).all()
    article_ids = [a.id for a, _ in rows]
    story_ids = sorted({a.story_id for a, _ in rows if a.story_id is not None})
    companies = _companies(session, article_ids)
    signals = _signals(session, story_ids, article_ids)
    outlets = story_articles(session=session, story_ids=story_ids)
    out = []
    for article, feed in rows:
        story = outlets.get(article.story_id, []) if article.story_id is not None else []
        out.append({
            "id": article.id, "title": article.title, "url": article.url,
            "published_at": article.published_at, "fetched_at": article.fetched_at,
            "feed_only": article.feed_only, "source": feed, "story_id": article.story_id,
            "sources": [other.url for other in story] or [article.url],
            "companies": companies.get(article.id, []),
            "signals": signals.get(("story", article.story_id), []) or signals.get(("article", article.id), []),
        })
    return out


def _companies(session: Session, article_ids: list[int]) -> dict[int, list[str]]:
    if not article_ids:
        return {}
    found: dict[int, list[str]] = defaultdict(list)
    query = (select(ArticleCompany.article_id, Company.name)
             .join(Company, Company.id == ArticleCompany.company_id)
             .where(col(ArticleCompany.article_id).in_(article_ids))
             .order_by(ArticleCompany.confidence.desc()))
    for article_id, name in session.exec(query).all():
        found[article_id].append(name)
    return found


def _signals(session: Session, story_ids: list[int], article_ids: list[int]) -> dict[tuple[str, int], list[str]]:
    # A story's signal is shared by every outlet that ran it, so it is listed under each of them.
    found: dict[tuple[str, int], list[str]] = defaultdict(list)
    if not story_ids and not article_ids:
        return found
    query = (select(Signal.kind, Company.name, Signal.story_id, Signal.article_id)
             .join(Company, Company.id == Signal.company_id)
             .where(col(Signal.story_id).in_(story_ids) | col(Signal.article_id).in_(article_ids))
             .order_by(Signal.id))
    for kind, company, story_id, article_id in session.exec(query).all():
        label = f"{kind}: {company}"
        if story_id is not None:
            found[("story", story_id)].append(label)
        elif article_id is not None:
            found[("article", article_id)].append(label)
    return found
