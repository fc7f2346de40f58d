import { cx } from '@/components/ui/cx';
import type { RunSectionView } from '@/lib/runs/types';
import { ProgressBar } from './ProgressBar';

/** The run's sections as jump links with their progress (wide screens only). */
export function SectionNav({ sections }: { sections: RunSectionView[] }) {
  return (
    <nav aria-label="Sections" className="hidden text-sm lg:block">
      <ul className="sticky top-20 space-y-2">
        {sections.map((s) => (
          <li key={s.id} style={{ paddingLeft: `${Math.max(0, s.level - 2) * 0.75}rem` }}>
            <a
              href={`#section-${s.id}`}
              className={cx('block truncate hover:underline', s.reference && 'italic text-muted')}
            >
              {s.title}
            </a>
            {s.progress.total ? <ProgressBar progress={s.progress} label={`${s.title} progress`} /> : null}
          </li>
        ))}
      </ul>
    </nav>
  );
}
