-- The compensations paid in [period_from, period_to] (代偿额, docs/kpis.md): compensation_amount sums them; they are
-- the numerator of compensation_rate and part of the denominator of recovery_rate.
create macro kpi_compensations_paid(period_from, period_to) as table
select * from kpi_compensations() where paid_on between period_from and period_to
