"""Every existing interest group names an activity: the catalogue's activity of the same name, made when missing
(with the group's category), and each teacher can lead the activities of the groups they teach."""

from django.db import migrations
from django.db.models import Q


def name_activities(apps, schema_editor):
    from college.models.activities import activity_key, pinyin_initials

    Activity = apps.get_model("college", "Activity")
    InterestGroup = apps.get_model("college", "InterestGroup")
    by_name = {a.name: a for a in Activity.objects.all()}
    for group in InterestGroup.objects.filter(activity__isnull=True).order_by("pk"):
        activity = by_name.get(group.name)
        if activity is None:
            key, n = activity_key(group.name), 1
            while Activity.objects.filter(key=key if n == 1 else f"{key}-{n}").exists():
                n += 1
            activity = by_name[group.name] = Activity.objects.create(
                key=key if n == 1 else f"{key}-{n}",
                name=group.name,
                category=group.category,
                initials=pinyin_initials(group.name),
            )
        group.activity = activity
        group.save(update_fields=["activity"])
        group.teacher.activities.add(activity)


def forget_activities(apps, schema_editor):
    apps.get_model("college", "InterestGroup").objects.filter(~Q(activity=None)).update(activity=None)


class Migration(migrations.Migration):
    dependencies = [("college", "0010_activity_catalogue_and_wishes")]

    operations = [migrations.RunPython(name_activities, forget_activities)]
