"""Members' questions to the editorial teams (Hỏi đáp), in one place.

- the model and who reads which question: members.models.questions (`Question`,
  `QuestionQuerySet.answered_in`, keyed on the role table's `answers_questions`);
- services (ask, answer, publish as a Q&A page, move questions of a unit left without answerers):
  `services`;
- the member's form and list at `/me/questions/`: `forms`, `views`;
- the queue in the Wagtail admin, where the answer is written on the question's own page: `admin`;
- the published Q&A pages: site_pages.models.questions.
"""
