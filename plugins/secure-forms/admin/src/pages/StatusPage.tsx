import { useEffect, useState } from 'react';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { Badge, Box, Flex, Grid, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { READ_ACTION } from '../plugin-id';
import { formatAge } from './format';
import type { StatusSummary } from './types';

function Tile({ label, value, tone }: { label: string; value: string; tone?: 'danger' }) {
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={5}>
      <Typography variant="sigma" textColor="neutral600" tag="p">
        {label}
      </Typography>
      <Typography variant="alpha" textColor={tone === 'danger' ? 'danger600' : 'neutral800'} tag="p">
        {value}
      </Typography>
    </Box>
  );
}

function Setting({ label, value }: { label: string; value: string }) {
  return (
    <Box paddingBottom={3}>
      <Typography variant="pi" fontWeight="bold" tag="dt">
        {label}
      </Typography>
      <Typography variant="omega" tag="dd" style={{ wordBreak: 'break-all', fontFamily: 'monospace' }}>
        {value}
      </Typography>
    </Box>
  );
}

function StatusView({ status }: { status: StatusSummary }) {
  const { outbox } = status;
  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      <Grid.Root gap={4}>
        <Grid.Item col={3} s={6} xs={12}>
          <Tile label="Outbox depth" value={String(outbox.depth)} />
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12}>
          <Tile label="Oldest pending" value={formatAge(outbox.oldestPendingAgeSeconds)} tone={outbox.overdue > 0 ? 'danger' : undefined} />
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12}>
          <Tile label="Delivered today" value={String(status.today.delivered)} />
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12}>
          <Tile label="Shredded today" value={String(status.today.shredded)} />
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12}>
          <Tile label="Rejected by the portal today" value={String(status.today.rejected)} />
        </Grid.Item>
      </Grid.Root>

      {outbox.overdue > 0 && (
        <Box background="danger100" padding={4} hasRadius>
          <Typography textColor="danger700">
            {outbox.overdue} submission(s) have waited longer than {formatAge(outbox.alertAgeSeconds)} for the portal. They are kept until the portal
            acknowledges them.
          </Typography>
        </Box>
      )}

      <Box background="neutral0" hasRadius shadow="tableShadow" padding={5}>
        <Typography variant="delta" tag="h2">
          Last forward error
        </Typography>
        <Typography tag="p">{status.lastForwardError ? `${status.lastForwardError.message} (${new Date(status.lastForwardError.at).toLocaleString()})` : 'None'}</Typography>
      </Box>

      <Box background="neutral0" hasRadius shadow="tableShadow" padding={5}>
        <Typography variant="delta" tag="h2">
          Connection
        </Typography>
        <Box tag="dl" paddingTop={3}>
          <Setting label="Portal intake URL" value={status.portal.intakeUrl} />
          <Setting label="Portal public URL (key set)" value={status.portal.publicUrl} />
          <Setting label={`Key-set pin (${status.portal.keysetPinSource})`} value={status.portal.keysetPin ?? 'not yet known'} />
          <Setting label={`CMS signing key fingerprint (${status.cms.signingKeyId})`} value={status.cms.signingKeyFingerprint} />
          <Setting label="Outbox sweep" value={`${status.sweep.schedule}${status.sweep.lastRunAt ? `, last run ${new Date(status.sweep.lastRunAt).toLocaleString()}` : ''}`} />
        </Box>
      </Box>

      <Table colCount={4} rowCount={status.forms.length + 1}>
        <Thead>
          <Tr>
            <Th><Typography variant="sigma">Form</Typography></Th>
            <Th><Typography variant="sigma">Slug</Typography></Th>
            <Th><Typography variant="sigma">Clinic</Typography></Th>
            <Th><Typography variant="sigma">State</Typography></Th>
          </Tr>
        </Thead>
        <Tbody>
          {status.forms.map((f) => (
            <Tr key={f.documentId}>
              <Td><Typography>{f.title}</Typography></Td>
              <Td><Typography>{f.slug}</Typography></Td>
              <Td><Typography>{f.clinicCode ?? '—'}</Typography></Td>
              <Td><Badge>{f.published ? 'Published' : 'Draft'}</Badge></Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </Flex>
  );
}

/** The plugin page: outbox health and connection settings. It never receives ciphertext. */
export default function StatusPage() {
  const { get } = useFetchClient();
  const [status, setStatus] = useState<StatusSummary | undefined>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    const load = () =>
      get<{ data: StatusSummary }>('/secure-forms/status')
        .then((res) => live && (setStatus(res.data.data), setFailed(false)))
        .catch(() => live && setFailed(true));
    void load();
    const timer = setInterval(load, 15_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [get]);

  return (
    <Page.Protect permissions={[{ action: READ_ACTION, subject: null }]}>
      <Page.Main>
        <Page.Title>Secure forms</Page.Title>
        <Layouts.Header title="Secure forms" subtitle="Sealed submissions waiting for the portal, and how the CMS reaches it" />
        <Layouts.Content>
          {failed && !status ? <Page.Error /> : status ? <StatusView status={status} /> : <Page.Loading />}
        </Layouts.Content>
      </Page.Main>
    </Page.Protect>
  );
}
