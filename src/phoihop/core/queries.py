"""Query expressions shared by the apps."""

from django.db.models import F, Func, IntegerField, QuerySet, Subquery


def count_of(correlated: QuerySet) -> Subquery:
    """COUNT(*) of a queryset that filters on an OuterRef, as an annotation.

    A correlated count reads each row's children through an index; Count() over a join
    makes the database group the whole joined table (5 ms for the organisation tree at
    national scale), and a list's total then counts through that GROUP BY too.
    """
    counted = correlated.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())
