import { useCallback, useEffect, useState } from 'react';
import { useAuth, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { Badge, Button, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { errorText, when } from './format';
import type { AdminAccount } from './types';

export function AdminsTab() {
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const isSuperAdmin = useAuth('hardening-admins', (s) => (s.user?.roles ?? []).some((r: { code?: string }) => r.code === 'strapi-super-admin'));
  const [admins, setAdmins] = useState<AdminAccount[]>([]);

  const load = useCallback(() => {
    get<{ data: AdminAccount[] }>('/hardening/admins')
      .then((r) => setAdmins(r.data.data))
      .catch((e: unknown) => toggleNotification({ type: 'danger', message: errorText(e) }));
  }, [get, toggleNotification]);
  useEffect(load, [load]);

  const reset = async (a: AdminAccount) => {
    if (!window.confirm(`Reset the second factor of ${a.email}? Their sessions end now and they enroll again at their next sign-in.`)) return;
    try {
      await post(`/hardening/admins/${a.id}/mfa/reset`, {});
      toggleNotification({ type: 'success', message: `Second factor of ${a.email} reset.` });
      load();
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorText(e) });
    }
  };

  return (
    <Table colCount={6} rowCount={admins.length + 1}>
      <Thead>
        <Tr>
          {['Account', 'Status', 'Second factor', 'Recovery codes left', 'Last complete sign-in', ''].map((h) => (
            <Th key={h}>
              <Typography variant="sigma">{h}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {admins.map((a) => (
          <Tr key={a.id}>
            <Td>
              <Typography>{`${a.name || a.email} (#${a.id})`}</Typography>
            </Td>
            <Td>{a.locked ? <Badge variant="danger">{`locked until ${when(a.lockedUntil)}`}</Badge> : <Badge variant={a.isActive ? 'success' : 'secondary'}>{a.isActive ? 'active' : 'inactive'}</Badge>}</Td>
            <Td>{a.enrolled ? <Badge variant="success">enrolled</Badge> : <Badge variant="warning">not enrolled</Badge>}</Td>
            <Td>{a.recoveryCodesLeft}</Td>
            <Td>{when(a.lastLoginAt)}</Td>
            <Td>
              {isSuperAdmin && a.enrolled && (
                <Button variant="danger-light" size="S" onClick={() => reset(a)}>
                  Reset second factor
                </Button>
              )}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
