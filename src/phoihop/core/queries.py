"""Query expressions shared by the apps, and plain SQL for the reads every request makes."""

from django.db import connection
from django.db.models import F, Func, IntegerField, QuerySet, Subquery


def count_of(correlated: QuerySet) -> Subquery:
    """COUNT(*) of a queryset that filters on an OuterRef, as an annotation.

    A correlated count reads each row's children through an index; Count() over a join
    makes the database group the whole joined table (5 ms for the organisation tree at
    national scale), and a list's total then counts through that GROUP BY too.
    """
    counted = correlated.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())


def plain_rows(sql: str, params: list) -> list[tuple]:
    """Rows of a plain SQL query (one that reads text and numbers only, in SQL that SQLite and
    PostgreSQL both accept), without the ORM's converters.

    For the few small reads made on every request (the session, the user's memberships, the
    unread count, a list's version): the ORM spends 0.2-0.4 ms building each of them, several
    times what the database takes to answer. Write `{table}` names through `table()`.
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)
