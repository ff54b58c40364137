import { useCallback, useEffect, useState } from 'react';
import { useAuth, useFetchClient } from '@strapi/strapi/admin';
import { Badge, Box, Button, Field, Flex, SingleSelect, SingleSelectOption, Table, Tbody, Td, TextInput, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { errorText, when } from './format';
import type { AuditPage, VerifyReport } from './types';

const OUTCOME_TONE = { success: 'success', failure: 'danger', denied: 'warning' } as const;
const PAGE_SIZE = 25;

export function AuditTab() {
  const { get } = useFetchClient();
  const token = useAuth('hardening-audit', (s) => s.token);
  const [filters, setFilters] = useState({ action: '', actorId: '', subject: '', outcome: '', from: '', to: '' });
  const [page, setPage] = useState(1);
  const [data, setData] = useState<AuditPage>();
  const [verify, setVerify] = useState<VerifyReport>();
  const [error, setError] = useState<string>();

  const query = useCallback(() => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) q.set(k, k === 'from' || k === 'to' ? new Date(v).toISOString() : v);
    return q;
  }, [filters]);

  useEffect(() => {
    const q = query();
    q.set('page', String(page));
    q.set('pageSize', String(PAGE_SIZE));
    get<AuditPage>(`/hardening/audit?${q.toString()}`)
      .then((res) => setData(res.data))
      .catch((e: unknown) => setError(errorText(e)));
  }, [get, page, query]);

  const exportLines = async () => {
    const res = await fetch(`/hardening/audit/export?${query().toString()}`, { headers: { Authorization: `Bearer ${token ?? ''}` } });
    if (!res.ok) return setError(`Export failed (${res.status})`);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `cms-audit-${new Date().toISOString().slice(0, 10)}.jsonl`;
    a.click();
    URL.revokeObjectURL(url);
  };

  const set = (k: keyof typeof filters) => (v: string) => {
    setPage(1);
    setFilters((f) => ({ ...f, [k]: v }));
  };
  const pages = data ? Math.max(1, Math.ceil(data.pagination.total / PAGE_SIZE)) : 1;

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex gap={3} wrap="wrap" alignItems="flex-end">
        {(['action', 'actorId', 'subject'] as const).map((k) => (
          <Field.Root key={k} name={k}>
            <Field.Label>{{ action: 'Action starts with', actorId: 'Actor id', subject: 'Subject (uid)' }[k]}</Field.Label>
            <TextInput value={filters[k]} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(k)(e.target.value)} />
          </Field.Root>
        ))}
        <Field.Root name="outcome">
          <Field.Label>Outcome</Field.Label>
          <SingleSelect value={filters.outcome} onChange={(v: string | number) => set('outcome')(String(v))} onClear={() => set('outcome')('')} placeholder="Any">
            <SingleSelectOption value="success">success</SingleSelectOption>
            <SingleSelectOption value="failure">failure</SingleSelectOption>
            <SingleSelectOption value="denied">denied</SingleSelectOption>
          </SingleSelect>
        </Field.Root>
        {(['from', 'to'] as const).map((k) => (
          <Field.Root key={k} name={k}>
            <Field.Label>{k === 'from' ? 'From' : 'To'}</Field.Label>
            <TextInput type="datetime-local" value={filters[k]} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(k)(e.target.value)} />
          </Field.Root>
        ))}
        <Button variant="secondary" onClick={exportLines}>
          Export JSON lines
        </Button>
        <Button
          variant="tertiary"
          onClick={() =>
            get<{ data: VerifyReport }>('/hardening/audit/verify')
              .then((r) => setVerify(r.data.data))
              .catch((e: unknown) => setError(errorText(e)))
          }
        >
          Verify chain
        </Button>
      </Flex>

      {verify && (
        <Box background={verify.ok ? 'success100' : 'danger100'} padding={3} hasRadius>
          <Typography textColor={verify.ok ? 'success700' : 'danger700'}>
            {verify.ok ? `Chain intact: ${verify.count} records, head ${verify.head ?? '(empty)'}.` : verify.message}
          </Typography>
        </Box>
      )}
      {error && <Typography textColor="danger600">{error}</Typography>}

      <Table colCount={8} rowCount={(data?.results.length ?? 0) + 1}>
        <Thead>
          <Tr>
            {['#', 'When', 'Actor', 'Action', 'Subject', 'Target', 'IP', 'Outcome'].map((h) => (
              <Th key={h}>
                <Typography variant="sigma">{h}</Typography>
              </Th>
            ))}
          </Tr>
        </Thead>
        <Tbody>
          {data?.results.map((r) => (
            <Tr key={r.seq}>
              <Td>{r.seq}</Td>
              <Td>{when(r.at)}</Td>
              <Td>{`${r.actorType}${r.actorId ? ` #${r.actorId}` : ''}`}</Td>
              <Td>{r.action}</Td>
              <Td>{r.subject ?? '—'}</Td>
              <Td>{r.targetId ?? '—'}</Td>
              <Td>{r.ip ?? '—'}</Td>
              <Td>
                <Badge variant={OUTCOME_TONE[r.outcome]}>{`${r.outcome}${r.status ? ` ${r.status}` : ''}`}</Badge>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>

      <Flex gap={3} justifyContent="flex-end" alignItems="center">
        <Typography>{`${data?.pagination.total ?? 0} records · page ${page} of ${pages}`}</Typography>
        <Button variant="tertiary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
          Newer
        </Button>
        <Button variant="tertiary" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
          Older
        </Button>
      </Flex>
    </Flex>
  );
}
