"""Load the shipped articles (resources/content/articles/*.md) into the library.

Idempotent: a file already loaded as it is changes nothing; a changed file becomes a
new revision of the same article. A file with a `[review]` block is published with
that review record; a file without one is loaded as a draft, never shown to readers.
Every file is checked before anything is written, and it all loads in one transaction.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from resources import workflow
from resources.categories import CATEGORIES
from resources.loading import ArticleFileError, article_files, parse
from resources.models import Article, Category, Revision, Source, WorkflowEvent


class Command(BaseCommand):
    help = "Load the library's articles from Markdown files with TOML front matter."

    def add_arguments(self, parser):
        parser.add_argument("--path", help="Directory of .md files (default: the shipped ones).")
        parser.add_argument(
            "--check", action="store_true", help="Only check the files; change nothing."
        )

    def handle(self, *args, path=None, check=False, **options):
        files = article_files(path)
        shipped, problems = [], []
        for file in files:
            try:
                shipped.append(parse(file))
            except ArticleFileError as error:
                problems.append(f"{file.name}: {error}")
        if problems:
            raise CommandError("Nothing was loaded:\n  " + "\n  ".join(problems))
        if check:
            self.stdout.write(f"{len(shipped)} article files are valid.")
            return
        with transaction.atomic():
            categories = self._categories()
            outcomes = [self._load(item, categories) for item in shipped]
            self._link_related(shipped)
        counts = {outcome: outcomes.count(outcome) for outcome in sorted(set(outcomes))}
        summary = ", ".join(f"{count} {outcome}" for outcome, count in counts.items())
        self.stdout.write(f"Library: {len(shipped)} article files; {summary or 'nothing to do'}.")

    def _categories(self):
        categories = {}
        for order, (slug, name, description) in enumerate(CATEGORIES, start=1):
            category, _ = Category.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "order": order}
            )
            categories[slug] = category
        return categories

    def _load(self, item, categories):
        category = categories[item.category]
        article, created = Article.objects.get_or_create(
            slug=item.slug, defaults={"category": category, "order": item.order}
        )
        if not created and (article.category_id, article.order) != (category.pk, item.order):
            article.category, article.order = category, item.order
            article.save(update_fields=["category", "order"])
        if article.revisions.filter(source_hash=item.source_hash).exists():
            return "unchanged"

        working = article.revisions.working().first()
        if working and (working.author_id is not None or not working.is_editable):
            self.stderr.write(
                f"{item.slug}: skipped; revision {working.number} is being worked on in "
                "the admin. Finish or withdraw it, then load again."
            )
            return "skipped"
        revision = working or Revision(article=article)
        revision.title = item.title
        revision.summary = item.summary
        revision.body = item.body
        revision.talk_prompts = "\n".join(item.talk_prompts)
        revision.source_hash = item.source_hash
        revision.save()
        revision.sources.all().delete()
        Source.objects.bulk_create(Source(revision=revision, **source) for source in item.sources)
        WorkflowEvent.objects.create(revision=revision, action=WorkflowEvent.Action.LOADED)

        if item.review is None:
            return "loaded as drafts (no review block)"
        try:
            workflow.publish_loaded(revision, **item.review)
        except workflow.WorkflowError as error:
            raise CommandError(f"{item.slug}: {error}") from None
        return "published" if created else "updated"

    def _link_related(self, shipped):
        articles = {article.slug: article for article in Article.objects.all()}
        for item in shipped:
            unknown = [slug for slug in item.related if slug not in articles]
            if unknown:
                self.stderr.write(f"{item.slug}: related articles not found: {unknown}")
            wanted = {articles[slug].pk for slug in item.related if slug in articles}
            article = articles[item.slug]
            if set(article.related.values_list("pk", flat=True)) != wanted:
                article.related.set(wanted)
