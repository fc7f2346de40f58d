'use client';

export function PrintButton() {
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="rounded bg-brand-600 px-2.5 py-1 font-medium text-white"
    >
      Print or save as PDF
    </button>
  );
}
