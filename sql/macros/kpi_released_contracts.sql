-- The guarantees released in [period_from, period_to]: contracts whose guarantee ended, released or compensated,
-- with released_on in the period (解保, docs/kpis.md). released_amount sums them; they are the denominator of
-- compensation_rate and loss_rate.
create macro kpi_released_contracts(period_from, period_to) as table
select *
from wide_contract
where status in ('released', 'compensated') and released_on between period_from and period_to
