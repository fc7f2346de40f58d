'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { type Column, DataTable } from '@/components/ui/DataTable';
import { TextField } from '@/components/ui/Input';
import { ROLE_LABELS, ROLES, type Role } from '@/lib/auth/roles';
import type { PublicUser } from '@/lib/auth/users';
import { api } from '@/lib/client/api';
import { adminKeys } from '@/lib/client/query-keys';

const USERS = adminKeys.users;

function RolePicker({
  name,
  value,
  onChange,
}: {
  name: string;
  value: Role[];
  onChange: (roles: Role[]) => void;
}) {
  return (
    <fieldset className="flex flex-wrap gap-x-3 gap-y-1">
      <legend className="sr-only">Roles of {name}</legend>
      {ROLES.map((r) => (
        <label key={r} className="inline-flex items-center gap-1 text-xs">
          <input
            type="checkbox"
            checked={value.includes(r)}
            onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))}
          />
          {ROLE_LABELS[r]}
        </label>
      ))}
    </fieldset>
  );
}

function AddUserForm({ onDone }: { onDone: () => void }) {
  const qc = useQueryClient();
  const [roles, setRoles] = useState<Role[]>(['engineer']);
  const add = useMutation({
    mutationFn: (body: unknown) => api<PublicUser>('/api/v1/users', { body }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: USERS });
      onDone();
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    add.mutate({ name: f.get('name'), email: f.get('email'), password: f.get('password'), roles });
  };
  return (
    <form
      onSubmit={submit}
      className="mb-4 space-y-3 rounded-md border border-slate-200 p-4 dark:border-slate-800"
      aria-label="Add a user"
    >
      {add.error ? <Alert>{add.error.message}</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField id="new-name" name="name" label="Name" required />
        <TextField id="new-email" name="email" type="email" label="Email" required />
        <TextField
          id="new-password"
          name="password"
          type="password"
          label="Initial password"
          hint="At least 12 characters."
          required
          autoComplete="new-password"
        />
      </div>
      <div>
        <p className="mb-1 text-sm font-medium">Roles</p>
        <RolePicker name="the new user" value={roles} onChange={setRoles} />
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add user'}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Where a single sign-on user's roles came from at their last sign-in. */
function RoleSources({ user }: { user: PublicUser }) {
  if (!user.sso) return null;
  return (
    <ul className="flex flex-wrap gap-1" aria-label={`Roles of ${user.name} from groups`}>
      {user.sso.grants.map((g) => (
        <li key={`${g.group}-${g.role}`}>
          <Badge tone="info">
            {g.group === null ? 'default role' : g.group} → {ROLE_LABELS[g.role]}
          </Badge>
        </li>
      ))}
    </ul>
  );
}

function useUserPatch(user: PublicUser) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: { roles?: Role[]; disabled?: boolean; ssoLinkAllowed?: boolean; signOut?: true }) =>
      api<PublicUser>(`/api/v1/users/${user.id}`, { method: 'PATCH', body: patch }),
    onSuccess: () => qc.invalidateQueries({ queryKey: USERS }),
  });
}

const saveError = (error: Error | null) =>
  error ? (
    <p className="mt-1 text-xs text-red-600" role="alert">
      {error.message}
    </p>
  ) : null;

function UserCell({ user }: { user: PublicUser }) {
  const sso = user.source === 'sso';
  return (
    <>
      <p className="font-medium">{user.name}</p>
      <p className="text-xs text-muted">{user.email}</p>
      <div className="mt-1 flex flex-wrap gap-1">
        <Badge tone={sso ? 'info' : 'neutral'}>{sso ? 'SSO' : 'local'}</Badge>
        {user.breakGlass ? <Badge tone="warn">break-glass</Badge> : null}
        {user.ssoLinkAllowed ? <Badge tone="warn">SSO link allowed</Badge> : null}
        {user.disabled ? <Badge tone="bad">disabled</Badge> : null}
      </div>
    </>
  );
}

/** A local user's roles, edited in place; an SSO user's come from their groups at each sign-in. */
function RolesCell({ user }: { user: PublicUser }) {
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const save = useUserPatch(user);
  if (user.source === 'sso') {
    return (
      <div className="space-y-1">
        <p className="text-xs">{user.roles.map((r) => ROLE_LABELS[r]).join(', ')}</p>
        <RoleSources user={user} />
        <p className="text-xs text-muted" title={user.sso?.subject}>
          From {user.sso?.issuer} at each sign-in.
        </p>
      </div>
    );
  }
  const changed = roles.length !== user.roles.length || roles.some((r) => !user.roles.includes(r));
  return (
    <>
      <RolePicker name={user.name} value={roles} onChange={setRoles} />
      {changed ? (
        <Button
          size="sm"
          className="mt-2"
          onClick={() => save.mutate({ roles })}
          disabled={save.isPending || roles.length === 0}
        >
          Save roles
        </Button>
      ) : null}
      {saveError(save.error)}
    </>
  );
}

function ActionsCell({
  user,
  isSelf,
  ssoEnabled,
}: {
  user: PublicUser;
  isSelf: boolean;
  ssoEnabled: boolean;
}) {
  const save = useUserPatch(user);
  const sso = user.source === 'sso';
  return (
    <div className="space-x-2 whitespace-nowrap">
      {ssoEnabled && !sso && !user.breakGlass ? (
        <Button
          size="sm"
          variant="secondary"
          onClick={() => save.mutate({ ssoLinkAllowed: !user.ssoLinkAllowed })}
          disabled={save.isPending}
        >
          {user.ssoLinkAllowed ? 'Cancel SSO link' : 'Allow SSO link'}
        </Button>
      ) : null}
      {isSelf ? null : (
        <>
          <Button
            size="sm"
            variant="secondary"
            onClick={() => save.mutate({ signOut: true })}
            disabled={save.isPending}
            title="End every session: the next sign-in reads their groups again"
          >
            Sign out
          </Button>
          <Button
            size="sm"
            variant={user.disabled ? 'secondary' : 'danger'}
            onClick={() => save.mutate({ disabled: !user.disabled })}
            disabled={save.isPending}
          >
            {user.disabled ? 'Enable' : 'Disable'}
          </Button>
        </>
      )}
      {saveError(save.error)}
    </div>
  );
}

function userColumns(currentUserId: string, ssoEnabled: boolean): Column<PublicUser>[] {
  return [
    { key: 'user', header: 'User', rowHeader: true, cell: (u) => <UserCell user={u} /> },
    { key: 'roles', header: 'Roles', cell: (u) => <RolesCell user={u} /> },
    {
      key: 'actions',
      header: 'Actions',
      align: 'right',
      cell: (u) => <ActionsCell user={u} isSelf={u.id === currentUserId} ssoEnabled={ssoEnabled} />,
    },
  ];
}

export function UsersPanel({ currentUserId, ssoEnabled }: { currentUserId: string; ssoEnabled: boolean }) {
  const [adding, setAdding] = useState(false);
  const users = useQuery({
    queryKey: USERS,
    queryFn: ({ signal }) => api<{ users: PublicUser[] }>('/api/v1/users', { signal }),
  });
  return (
    <Card
      title="Users"
      action={
        adding ? null : (
          <Button size="sm" onClick={() => setAdding(true)}>
            Add user
          </Button>
        )
      }
    >
      {adding ? <AddUserForm onDone={() => setAdding(false)} /> : null}
      {users.isPending ? <p className="text-sm text-muted">Loading users…</p> : null}
      {users.error ? <Alert>{users.error.message}</Alert> : null}
      {users.data ? (
        <DataTable
          label="Users"
          columns={userColumns(currentUserId, ssoEnabled)}
          rows={users.data.users}
          // A change from the server (roles, state, source) resets the row's unsaved edits.
          rowKey={(u) => `${u.id}-${u.roles.join()}-${u.disabled}-${u.source}`}
          rowTestId={(u) => `user-row-${u.email}`}
        />
      ) : null}
    </Card>
  );
}
