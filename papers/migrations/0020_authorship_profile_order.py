"""The owner's order of their papers on their profile (Authorship.profile_order), in the history and in the
covering index a profile reads its owner's authorships from.

SQLite adds a nullable column without a default by ALTER TABLE ADD COLUMN, not by remaking papers_authorship:
its search (0008) and tally (0012) triggers stay (tests/test_search_journeys.py, tests/test_paper_tally.py).
"""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('papers', '0019_coauthor_tally_triggers'),
        ('researchers', '0014_coauthor_tally'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='authorship',
            name='authorship_researcher_paper',
        ),
        migrations.AddField(
            model_name='authorship',
            name='profile_order',
            field=models.PositiveSmallIntegerField(blank=True, help_text="The owner's order on their profile.", null=True, validators=[django.core.validators.MinValueValidator(1)]),
        ),
        migrations.AddField(
            model_name='historicalauthorship',
            name='profile_order',
            field=models.PositiveSmallIntegerField(blank=True, help_text="The owner's order on their profile.", null=True, validators=[django.core.validators.MinValueValidator(1)]),
        ),
        migrations.AddIndex(
            model_name='authorship',
            index=models.Index(fields=['researcher', 'paper'], include=('position', 'equal_contribution', 'selected', 'profile_order'), name='authorship_researcher_paper'),
        ),
    ]
