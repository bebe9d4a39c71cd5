// A list table's head: a column per name (a number column aligned right, a control column named
// for screen readers only), and a last one, named for screen readers only, for each row's buttons.
export type Column = string | { name: string; num?: boolean; hidden?: boolean };

export function TableHead({ columns, actions = true }: { columns: Column[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => {
          const { name, num = false, hidden = false } = typeof c === "string" ? { name: c } : c;
          return (
            <th key={name} scope="col" className={num ? "num" : undefined}>
              {hidden ? <span className="visually-hidden">{name}</span> : name}
            </th>
          );
        })}
        {actions && (
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
