import { useI18n } from 'vue-i18n';
import type { OrderStatusChange, TimelineType } from '../../api/orders';

/**
 * An order timeline entry in the reader's language: the server stores its type and a status
 * move as data, never a sentence.
 */
export function useOrderEventWords() {
  const { t, te } = useI18n();
  const status = (value: string): string => (te(`status.order.${value}`) ? t(`status.order.${value}`) : value);
  return {
    typeLabel: (type: TimelineType | string): string => (te(`orderTimeline.types.${type}`) ? t(`orderTimeline.types.${type}`) : type),
    statusChange: (change: OrderStatusChange): string =>
      change.from === null
        ? t('orderTimeline.created', { status: status(change.to) })
        : t('orderTimeline.statusChange', { from: status(change.from), to: status(change.to) }),
  };
}
