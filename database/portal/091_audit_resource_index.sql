-- Inbox lists are audited without a resource id, and a search by resource
-- always names one (routes/audit), so those rows need no entry in this index.
-- Without the predicate every list event added two entries (its insert, then
-- the chainer's update) under the single key ('submission', NULL), the index's
-- busiest and least useful key.
DROP INDEX audit_events_resource;
CREATE INDEX audit_events_resource ON audit_events (resource_type, resource_id) WHERE resource_id IS NOT NULL;
