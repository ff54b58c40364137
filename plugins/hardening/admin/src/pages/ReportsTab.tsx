import { useEffect, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { Box, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { errorText, when } from './format';
import type { DormantReport, Violation } from './types';

function Rows({ headers, rows }: { headers: string[]; rows: string[][] }) {
  return (
    <Table colCount={headers.length} rowCount={rows.length + 1}>
      <Thead>
        <Tr>
          {headers.map((h) => (
            <Th key={h}>
              <Typography variant="sigma">{h}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((r) => (
          <Tr key={r.join('|')}>
            {r.map((c, i) => (
              <Td key={i}>
                <Typography>{c}</Typography>
              </Td>
            ))}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

export function ReportsTab() {
  const { get } = useFetchClient();
  const [dormant, setDormant] = useState<DormantReport>();
  const [violations, setViolations] = useState<Violation[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    get<{ data: DormantReport }>('/hardening/reports/dormant')
      .then((r) => setDormant(r.data.data))
      .catch((e: unknown) => setError(errorText(e)));
    get<{ data: { violations: Violation[] } }>('/hardening/reports/classification')
      .then((r) => setViolations(r.data.data.violations))
      .catch((e: unknown) => setError(errorText(e)));
  }, [get]);

  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      {error && <Typography textColor="danger600">{error}</Typography>}
      <Box>
        <Typography variant="delta" tag="h2">
          Dormant accounts and tokens (dry run)
        </Typography>
        <Typography tag="p" textColor="neutral600">
          {dormant ? `The next sweep deactivates what has been idle since ${when(dormant.cutoff)} (${dormant.days} days).` : 'Loading…'}
        </Typography>
        {dormant && (
          <Rows
            headers={['Kind', 'Name', 'Last activity', 'Action']}
            rows={[
              ...dormant.admins.map((a) => ['admin account', a.email, when(a.lastActivityAt), a.action === 'deactivate' ? 'deactivate' : 'keep (last super admin)']),
              ...dormant.tokens.map((t) => [`${t.kind} token`, t.name, when(t.lastActivityAt), 'expire']),
            ]}
          />
        )}
      </Box>
      <Box>
        <Typography variant="delta" tag="h2">
          Content classification
        </Typography>
        <Typography tag="p" textColor={violations?.length ? 'danger600' : 'neutral600'}>
          {violations === undefined ? 'Loading…' : violations.length === 0 ? 'Every content type is declared public and no field looks like health data.' : `${violations.length} violation(s): a production start would be refused.`}
        </Typography>
        {violations && violations.length > 0 && <Rows headers={['Rule', 'Where', 'What to do']} rows={violations.map((v) => [v.rule, v.target, v.message])} />}
      </Box>
    </Flex>
  );
}
