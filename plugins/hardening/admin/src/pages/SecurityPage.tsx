import { Layouts, Page } from '@strapi/strapi/admin';
import { Tabs } from '@strapi/design-system';
import { READ_ACTION } from '../plugin-id';
import { AdminsTab } from './AdminsTab';
import { AuditTab } from './AuditTab';
import { ReportsTab } from './ReportsTab';

export default function SecurityPage() {
  return (
    <Page.Protect permissions={[{ action: READ_ACTION, subject: null }]}>
      <Page.Title>Security</Page.Title>
      <Layouts.Header title="Security" subtitle="Admin audit trail, second factors, dormant accounts, content classification" />
      <Layouts.Content>
        <Tabs.Root defaultValue="audit">
          <Tabs.List aria-label="Security">
            <Tabs.Trigger value="audit">Audit trail</Tabs.Trigger>
            <Tabs.Trigger value="admins">Admin accounts</Tabs.Trigger>
            <Tabs.Trigger value="reports">Reports</Tabs.Trigger>
          </Tabs.List>
          <Tabs.Content value="audit">
            <AuditTab />
          </Tabs.Content>
          <Tabs.Content value="admins">
            <AdminsTab />
          </Tabs.Content>
          <Tabs.Content value="reports">
            <ReportsTab />
          </Tabs.Content>
        </Tabs.Root>
      </Layouts.Content>
    </Page.Protect>
  );
}
