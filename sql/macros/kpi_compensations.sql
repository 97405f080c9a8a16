-- Every compensation (代偿) with its contract: the compensation's own columns (compensation_id, paid_on,
-- compensation_amount, compensation_source_ref), then the contract's from wide_contract. The compensation KPIs take
-- their compensation rows from here: those paid in a period through the macro of the compensations paid, those paid
-- before a period (recovery_rate's opening balances) directly. (No other macro is named here: the build orders the
-- macros by the names their files mention.)
create macro kpi_compensations() as table
select p.compensation_id, p.paid_on, p.amount as compensation_amount, p.source_ref as compensation_source_ref,
    w.* exclude (contract_id), p.contract_id
from fct_compensation as p
inner join wide_contract as w on w.contract_id = p.contract_id
