/** Strings of the shared form pieces (components/form/). */
export default {
  calendar: {
    previousMonth: 'Previous month',
    nextMonth: 'Next month',
  },
  formModal: {
    discardTitle: 'Discard changes?',
    discardText: 'You have unsaved changes. Leave without saving them?',
    discard: 'Discard changes',
    fixErrors: 'Check the highlighted fields.',
    saving: 'Saving…',
  },
};
